package io.drover.config;

import java.util.Optional;

/** {@code [supervisorctl]}: what droverctl uses when no flags say otherwise. */
public record CtlSettings(
        Optional<String> serverurl,
        Optional<String> username,
        Optional<String> password,
        String prompt,
        Optional<String> historyFile) {

    @Override
    public String toString() {
        return "CtlSettings[serverurl=" + serverurl + ", username=" + username + ", prompt=" + prompt + "]";
    }
}
