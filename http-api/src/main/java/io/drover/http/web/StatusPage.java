package io.drover.http.web;

import io.drover.node.process.ProcessState;
import io.drover.node.supervisor.ProcessInfo;
import java.util.List;
import java.util.Optional;

/**
 * The status page: one row per process (state, description, name, actions), the page-wide actions, and the
 * message of the last action. The page's frame is Drover's own, but the process table is laid out as supervisord's
 * (for consoles and scripts that scrape it): {@code th} classes, rows alternately {@code class="shade"},
 * {@code td.status > span.statusrunning|statuserror|statusnominal}, the description in a {@code span}, and in
 * {@code td.action} a list of five slots with supervisord's {@code name} attributes, a slot without an action
 * holding a hidden placeholder; the message is a {@code div.status_msg}.
 */
final class StatusPage {
    /** The hidden placeholder supervisord puts in an action slot the state has no action for. */
    private static final String NO_ACTION = "<li><a class=\"hidden\" href=\"#\" name=\"#\">Action</a></li>\n";

    private final PageLayout layout;

    StatusPage(PageLayout layout) {
        this.layout = layout;
    }

    String render(List<ProcessInfo> processes, Optional<String> message) {
        StringBuilder out = new StringBuilder(2048 + processes.size() * 900);
        layout.open(out, "Supervisor Status");
        message.ifPresent(m -> out.append("<div class=\"status_msg\" role=\"status\">").append(Html.escape(m))
                .append("</div>\n"));
        out.append("<nav class=\"toolbar\">\n")
                .append("<a class=\"button\" href=\"index.html?action=refresh\">Refresh</a>\n")
                .append("<a class=\"button\" href=\"index.html?action=restartall\">Restart All</a>\n")
                .append("<a class=\"button\" href=\"index.html?action=stopall\">Stop All</a>\n")
                .append("</nav>\n");
        if (processes.isEmpty()) {
            out.append("<p class=\"empty\">No programs to manage</p>\n");
        } else {
            out.append("<table class=\"processes\" cellspacing=\"0\">\n<thead><tr><th class=\"state\">State</th>")
                    .append("<th class=\"desc\">Description</th><th class=\"name\">Name</th>")
                    .append("<th class=\"action\">Action</th></tr></thead>\n<tbody>\n");
            boolean shade = false;
            for (ProcessInfo p : processes) {
                row(out, p, shade);
                shade = !shade;
            }
            out.append("</tbody>\n</table>\n");
        }
        layout.close(out);
        return out.toString();
    }

    private static void row(StringBuilder out, ProcessInfo p, boolean shade) {
        String namespec = namespec(p);
        String q = Html.escape(UrlCodec.quote(namespec));
        out.append(shade ? "<tr class=\"shade\">\n" : "<tr class=\"\">\n")
                .append("<td class=\"status\"><span class=\"").append(cssClass(p.state())).append("\">")
                .append(Html.escape(p.statename().toLowerCase(java.util.Locale.ROOT))).append("</span></td>\n")
                .append("<td><span>").append(Html.escape(p.description())).append("</span></td>\n")
                .append("<td><a href=\"tail.html?processname=").append(q)
                .append("\" target=\"_blank\" rel=\"noopener\">").append(Html.escape(namespec)).append("</a></td>\n")
                .append("<td class=\"action\"><ul>\n");
        // supervisord's two first slots: restart+stop when running, start+nothing when stopped, else nothing
        int state = p.state();
        if (state == ProcessState.RUNNING.code()) {
            action(out, q, "restart", "Restart");
            action(out, q, "stop", "Stop");
        } else if (state == ProcessState.STOPPED.code() || state == ProcessState.EXITED.code()
                || state == ProcessState.FATAL.code()) {
            action(out, q, "start", "Start");
            out.append(NO_ACTION);
        } else {
            out.append(NO_ACTION).append(NO_ACTION);
        }
        action(out, q, "clearlog", "Clear Log");
        out.append("<li><a href=\"logtail/").append(q)
                .append("\" name=\"Tail -f Stdout\" target=\"_blank\" rel=\"noopener\">Tail -f Stdout</a></li>\n")
                .append("<li><a href=\"logtail/").append(q)
                .append("/stderr\" name=\"Tail -f Stderr\" target=\"_blank\" rel=\"noopener\">Tail -f Stderr</a></li>\n")
                .append("</ul></td>\n</tr>\n");
    }

    private static void action(StringBuilder out, String quotedName, String action, String label) {
        out.append("<li><a href=\"index.html?processname=").append(quotedName).append("&amp;action=")
                .append(action).append("\" name=\"").append(label).append("\">").append(label).append("</a></li>\n");
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
