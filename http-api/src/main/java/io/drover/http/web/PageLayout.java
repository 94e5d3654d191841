package io.drover.http.web;

import java.util.function.Supplier;

/** The frame every UI page shares: head with stylesheet and icon, a masthead, and the footer. */
final class PageLayout {
    private final Supplier<String> identifier;
    private final String supervisorVersion;
    private final String droverVersion;

    /**
     * @param identifier        {@code [supervisord] identifier} of the last config read (a reread changes it)
     * @param supervisorVersion the supervisord release Drover reproduces
     * @param droverVersion     Drover's own version, empty when unknown (a development build)
     */
    PageLayout(Supplier<String> identifier, String supervisorVersion, String droverVersion) {
        this.identifier = identifier;
        this.supervisorVersion = supervisorVersion;
        this.droverVersion = droverVersion;
    }

    void open(StringBuilder out, String title) {
        String ident = identifier.get();
        out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(Html.escape(title)).append("</title>\n")
                .append("<link rel=\"stylesheet\" href=\"stylesheets/supervisor.css\">\n")
                .append("<link rel=\"icon\" type=\"image/png\" href=\"images/icon.png\">\n")
                .append("</head>\n<body>\n<header class=\"masthead\">\n")
                .append("<a class=\"brand\" href=\"index.html\">Drover</a>\n")
                .append("<span class=\"ident\" title=\"supervisord identifier\">")
                .append(Html.escape(ident)).append("</span>\n</header>\n<main>\n");
    }

    void close(StringBuilder out) {
        String ident = identifier.get();
        out.append("</main>\n<footer class=\"footer\">\n<span>Supervisor <span class=\"version\">")
                .append(Html.escape(supervisorVersion)).append("</span> compatible</span>\n<span>Drover");
        if (!droverVersion.isEmpty()) {
            out.append(' ').append(Html.escape(droverVersion));
        }
        out.append("</span>\n<span>identifier <code>").append(Html.escape(ident))
                .append("</code></span>\n</footer>\n</body>\n</html>\n");
    }
}
