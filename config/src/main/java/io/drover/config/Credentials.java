package io.drover.config;

/**
 * HTTP basic-auth credentials. The password is in clear or {@code {SHA}} + sha1 hex, as written in the file.
 * {@link #toString()} never shows the password.
 */
public record Credentials(String username, String password) {
    @Override
    public String toString() {
        return "Credentials[username=" + username + ", password=***]";
    }
}
