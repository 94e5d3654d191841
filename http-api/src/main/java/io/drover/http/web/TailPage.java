package io.drover.http.web;

import java.util.Optional;

/** The tail page: the end of a process's stdout log, with links to refresh it and to follow it live. */
final class TailPage {
    private final PageLayout layout;

    TailPage(PageLayout layout) {
        this.layout = layout;
    }

    /**
     * @param processname the process as asked for (empty: none was given)
     * @param limit       how many bytes were asked for (the refresh link asks again for as many)
     * @param text        the log's tail, or what went wrong
     */
    String render(Optional<String> processname, long limit, String text) {
        StringBuilder out = new StringBuilder(text.length() + 2048);
        layout.open(out, processname.map(n -> "Supervisor tail of process " + n).orElse("Supervisor tail"));
        out.append("<nav class=\"toolbar\">\n");
        processname.ifPresent(n -> {
            String q = Html.escape(UrlCodec.quote(n));
            out.append("<span class=\"process\">").append(Html.escape(n)).append("</span>\n")
                    .append("<a class=\"button\" href=\"tail.html?processname=").append(q).append("&amp;limit=")
                    .append(limit).append("\">Refresh</a>\n")
                    .append("<a class=\"button\" href=\"logtail/").append(q).append("\">Follow (tail -f)</a>\n");
        });
        out.append("<a class=\"button\" href=\"index.html\">Status</a>\n</nav>\n")
                .append("<pre class=\"tail\">").append(Html.escape(text)).append("</pre>\n");
        layout.close(out);
        return out.toString();
    }
}
