package io.drover.http.web;

import io.drover.node.process.ProcessState;
import io.drover.node.supervisor.ProcessInfo;
import java.util.List;
import java.util.Optional;

/**
 * The status page: one row per process (state, description, name, actions), the page-wide actions, and the
 * message of the last action. The CSS classes of the state ({@code statusrunning}, {@code statuserror},
 * {@code statusnominal}) and of the message ({@code status_msg}) are supervisord's, for scripts that scrape them.
 */
final class StatusPage {
    private final PageLayout layout;

    StatusPage(PageLayout layout) {
        this.layout = layout;
    }

    String render(List<ProcessInfo> processes, Optional<String> message) {
        StringBuilder out = new StringBuilder(2048 + processes.size() * 900);
        layout.open(out, "Supervisor Status");
        message.ifPresent(m -> out.append("<p class=\"status_msg\" role=\"status\">").append(Html.escape(m))
                .append("</p>\n"));
        out.append("<nav class=\"toolbar\">\n")
                .append("<a class=\"button\" href=\"index.html?action=refresh\">Refresh</a>\n")
                .append("<a class=\"button\" href=\"index.html?action=restartall\">Restart All</a>\n")
                .append("<a class=\"button\" href=\"index.html?action=stopall\">Stop All</a>\n")
                .append("</nav>\n");
        if (processes.isEmpty()) {
            out.append("<p class=\"empty\">No programs to manage</p>\n");
        } else {
            out.append("<table class=\"processes\">\n<thead><tr><th>State</th><th>Description</th><th>Name</th>")
                    .append("<th>Action</th></tr></thead>\n<tbody>\n");
            for (ProcessInfo p : processes) {
                row(out, p);
            }
            out.append("</tbody>\n</table>\n");
        }
        layout.close(out);
        return out.toString();
    }

    private static void row(StringBuilder out, ProcessInfo p) {
        String namespec = namespec(p);
        String q = UrlCodec.quote(namespec);
        out.append("<tr>\n<td><span class=\"").append(cssClass(p.state())).append("\">")
                .append(Html.escape(p.statename().toLowerCase(java.util.Locale.ROOT))).append("</span></td>\n")
                .append("<td>").append(Html.escape(p.description())).append("</td>\n")
                .append("<td><a href=\"tail.html?processname=").append(Html.escape(q))
                .append("\" target=\"_blank\" rel=\"noopener\">").append(Html.escape(namespec)).append("</a></td>\n")
                .append("<td class=\"actions\">");
        int state = p.state();
        if (state == ProcessState.RUNNING.code()) {
            action(out, q, "restart", "Restart");
            action(out, q, "stop", "Stop");
        } else if (state == ProcessState.STOPPED.code() || state == ProcessState.EXITED.code()
                || state == ProcessState.FATAL.code()) {
            action(out, q, "start", "Start");
        }
        action(out, q, "clearlog", "Clear Log");
        out.append("<a href=\"logtail/").append(Html.escape(q))
                .append("\" target=\"_blank\" rel=\"noopener\">Tail -f Stdout</a> ")
                .append("<a href=\"logtail/").append(Html.escape(q))
                .append("/stderr\" target=\"_blank\" rel=\"noopener\">Tail -f Stderr</a>")
                .append("</td>\n</tr>\n");
    }

    private static void action(StringBuilder out, String quotedName, String action, String label) {
        out.append("<a href=\"index.html?processname=").append(Html.escape(quotedName)).append("&amp;action=")
                .append(action).append("\">").append(label).append("</a> ");
    }

    /** supervisord's name for a process: {@code name} when group and name agree, else {@code group:name}. */
    static String namespec(ProcessInfo p) {
        return p.group().equals(p.name()) ? p.name() : p.group() + ":" + p.name();
    }

    /** The state's colour class, as supervisord assigns them. */
    static String cssClass(int state) {
        if (state == ProcessState.RUNNING.code()) {
            return "statusrunning";
        }
        if (state == ProcessState.FATAL.code() || state == ProcessState.BACKOFF.code()) {
            return "statuserror";
        }
        return "statusnominal";
    }
}
