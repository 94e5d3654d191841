package io.drover.http.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.node.supervisor.NodeSupervisor;
import io.drover.node.supervisor.ProcessInfo;
import io.drover.node.supervisor.Reply;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The web UI (io.drover.http.web) on a real node over loopback HTTP: pages, every action against real processes
 * with supervisord 4.2.5's messages, the tail page, assets, auth and escaping.
 */
class WebUiTest {
    static final String PROGRAMS = """
            [program:sleeper]
            command=sh -c 'echo "hello <b>tail</b> & more"; exec sleep 1000'
            startsecs=1

            [program:idle]
            command=sleep 1000
            autostart=false
            startsecs=1

            [program:bad]
            command=/nonexistent/prog
            autostart=false

            [program:nolog]
            command=sleep 1000
            autostart=false
            startsecs=0
            stdout_logfile=NONE

            [program:evil<script>]
            command=sleep 1000
            autostart=false
            startsecs=0

            [group:g]
            programs=c

            [program:c]
            command=sleep 1000
            startsecs=0
            """;
    private static final String AUTH = "Basic "
            + Base64.getEncoder().encodeToString("u:p".getBytes(StandardCharsets.UTF_8));
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static RealNode d;

    @BeforeAll
    static void start() throws Exception {
        d = RealNode.start(PROGRAMS);
        Eventually.await(Duration.ofSeconds(10), "sleeper and g:c running",
                () -> state(d, "sleeper").equals("RUNNING") && state(d, "g:c").equals("RUNNING"));
    }

    @AfterAll
    static void stop() {
        if (d != null) {
            d.close();
        }
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    static HttpResponse<String> get(RealNode node, String pathAndQuery, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port + pathAndQuery))
                .timeout(Duration.ofSeconds(30));
        boolean ownAuth = false;
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
            ownAuth |= headers[i].equalsIgnoreCase("Authorization");
        }
        if (!ownAuth) {
            b.header("Authorization", AUTH);
        }
        return HTTP.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Performs an action URL and returns the message the 301 carries (after checking the redirect's shape). */
    static String act(RealNode node, String query) throws Exception {
        node.notePids();
        HttpResponse<String> r = get(node, "/index.html?" + query);
        node.notePids();
        assertEquals(301, r.statusCode(), r.body());
        String location = r.headers().firstValue("Location").orElseThrow();
        String prefix = "http://127.0.0.1:" + node.port + "/?message=";
        assertTrue(location.startsWith(prefix), location);
        assertEquals("no-cache", r.headers().firstValue("Cache-Control").orElse(""));
        return URLDecoder.decode(location.substring(prefix.length()), StandardCharsets.UTF_8);
    }

    static ProcessInfo info(RealNode node, String name) throws Exception {
        Reply<ProcessInfo> r = AskPattern.<NodeSupervisor.Command, Reply<ProcessInfo>>ask(node.node,
                reply -> new NodeSupervisor.GetProcessInfo(name, reply), Duration.ofSeconds(5),
                node.runtime.system().scheduler()).toCompletableFuture().get(6, TimeUnit.SECONDS);
        return ((Reply.Success<ProcessInfo>) r).value();
    }

    static String state(RealNode node, String name) throws Exception {
        return info(node, name).statename();
    }

    /** The status page's row for a process, from its state cell to its end. */
    static String row(String page, String displayName) {
        int name = page.indexOf(">" + displayName + "</a></td>");
        assertTrue(name > 0, "no row for " + displayName + " in\n" + page);
        int start = page.lastIndexOf("<tr class=", name);
        return page.substring(start, page.indexOf("</tr>", name));
    }

    // ---- status page --------------------------------------------------------------------------------------------

    @Test
    void indexListsEveryProcessWithItsStateAndActions() throws Exception {
        for (String path : List.of("/", "/index.html", "//index.html")) {
            HttpResponse<String> r = get(d, path);
            assertEquals(200, r.statusCode(), path);
            assertEquals("text/html; charset=UTF-8", r.headers().firstValue("Content-Type").orElse(""));
            assertEquals("no-cache", r.headers().firstValue("Cache-Control").orElse(""));
            assertEquals("no-cache", r.headers().firstValue("Pragma").orElse(""));
            assertTrue(r.headers().firstValue("Content-Security-Policy").orElse("").contains("default-src 'none'"));
            String page = r.body();
            assertTrue(page.contains("<title>Supervisor Status</title>"), page);
            assertTrue(page.contains("href=\"stylesheets/supervisor.css\""), page);
            // rows in supervisord's order: (group, name) sorted
            List<String> names = new ArrayList<>();
            for (String n : List.of("bad", "evil&lt;script&gt;", "g:c", "idle", "nolog", "sleeper")) {
                names.add(n);
                assertTrue(page.contains(">" + n + "</a></td>"), n + " missing in\n" + page);
            }
            for (int i = 1; i < names.size(); i++) {
                assertTrue(page.indexOf(">" + names.get(i - 1) + "</a>") < page.indexOf(">" + names.get(i) + "</a>"));
            }
            String sleeper = row(page, "sleeper");
            assertTrue(sleeper.contains("<span class=\"statusrunning\">running</span>"), sleeper);
            assertTrue(sleeper.contains("pid " + info(d, "sleeper").pid() + ", uptime "), sleeper);
            assertTrue(sleeper.contains("href=\"index.html?processname=sleeper&amp;action=stop\""), sleeper);
            assertTrue(sleeper.contains("href=\"index.html?processname=sleeper&amp;action=restart\""), sleeper);
            assertFalse(sleeper.contains("action=start\""), sleeper);
            assertTrue(sleeper.contains("href=\"logtail/sleeper\""), sleeper);
            assertTrue(sleeper.contains("href=\"logtail/sleeper/stderr\""), sleeper);
            assertTrue(sleeper.contains("href=\"tail.html?processname=sleeper\""), sleeper);
            String grouped = row(page, "g:c");
            assertTrue(grouped.contains("href=\"index.html?processname=g%3Ac&amp;action=stop\""), grouped);
            String bad = row(page, "bad");
            assertTrue(bad.contains("<span class=\"statusnominal\">stopped</span>"), bad);
            assertTrue(bad.contains("Not started"), bad);
            assertTrue(bad.contains("href=\"index.html?processname=bad&amp;action=start\""), bad);
            assertFalse(bad.contains("action=stop\""), bad);
            // supervisord's table layout, which consoles scrape: status cell, description span, five action slots
            assertTrue(sleeper.contains("<td class=\"status\"><span class=\"statusrunning\">running</span></td>"),
                    sleeper);
            assertTrue(sleeper.contains("<td><span>pid "), sleeper);
            assertTrue(sleeper.contains("<li><a href=\"index.html?processname=sleeper&amp;action=restart\" "
                    + "name=\"Restart\">Restart</a></li>"), sleeper);
            assertEquals(5, bad.split("<li>", -1).length - 1, bad);
            assertTrue(bad.contains("<li><a class=\"hidden\" href=\"#\" name=\"#\">Action</a></li>"), bad);
            assertTrue(page.contains("href=\"index.html?action=stopall\""), page);
            assertTrue(page.contains("4.2.5"), "the supervisord version in the footer");
            assertTrue(page.contains("<code>supervisor</code>"), "the identifier in the footer");
        }
    }

    @Test
    void startAndStopWaitForTheStateChangeAndSaySoAsSupervisord() throws Exception {
        assertEquals("Process idle started", act(d, "processname=idle&action=start"));
        // startsecs=1: the redirect came after the process reached RUNNING
        assertEquals("RUNNING", state(d, "idle"));
        assertEquals("ERROR: Process idle: already started", act(d, "processname=idle&action=start"));
        HttpResponse<String> page = get(d, "/?message=Process%20idle%20started");
        assertTrue(page.body().contains("<div class=\"status_msg\" role=\"status\">Process idle started</div>"),
                page.body());
        assertTrue(row(page.body(), "idle").contains("statusrunning"), page.body());

        assertEquals("Process idle stopped", act(d, "processname=idle&action=stop"));
        assertEquals("STOPPED", state(d, "idle"));
        assertEquals("unexpected rpc fault [70] NOT_RUNNING: idle", act(d, "processname=idle&action=stop"));
        assertEquals("ERROR: Process bad: no such file", act(d, "processname=bad&action=start"));
    }

    @Test
    void restartGivesTheProcessANewPid() throws Exception {
        Eventually.await(Duration.ofSeconds(10), "sleeper running", () -> state(d, "sleeper").equals("RUNNING"));
        int before = info(d, "sleeper").pid();
        assertEquals("Process sleeper restarted", act(d, "processname=sleeper&action=restart"));
        ProcessInfo after = info(d, "sleeper");
        assertEquals("RUNNING", after.statename());
        assertNotEquals(before, after.pid());
    }

    @Test
    void groupMembersAreAddressedAsGroupColonName() throws Exception {
        assertEquals("Process g:c stopped", act(d, "processname=g%3Ac&action=stop"));
        assertEquals("STOPPED", state(d, "g:c"));
        assertEquals("No such process named c", act(d, "processname=c&action=start"));
        assertEquals("No such process named g:*", act(d, "processname=g:*&action=start"));
        assertEquals("Process g:c started", act(d, "processname=g:c&action=start"));
        assertEquals("RUNNING", state(d, "g:c"));
    }

    @Test
    void clearlogEmptiesTheLogFile() throws Exception {
        Eventually.await(Duration.ofSeconds(10), "sleeper running", () -> state(d, "sleeper").equals("RUNNING"));
        Path log = Path.of(info(d, "sleeper").stdoutLogfile());
        Eventually.await(Duration.ofSeconds(5), "sleeper's output logged", () -> Files.size(log) > 0);
        assertEquals("Log for sleeper cleared", act(d, "processname=sleeper&action=clearlog"));
        assertEquals(0, Files.size(log));
    }

    @Test
    void unknownNamesAndActions() throws Exception {
        assertEquals("No such process named nope", act(d, "processname=nope&action=stop"));
        // supervisord looks the name up first: an unknown name wins over an unknown action
        assertEquals("No such process named nope", act(d, "processname=nope&action=bogus"));
        assertTrue(act(d, "action=refresh").startsWith("Page refreshed at "));
        for (String q : List.of("processname=idle&action=bogus", "action=bogus", "action=start")) {
            HttpResponse<String> r = get(d, "/index.html?" + q);
            assertEquals(500, r.statusCode(), q);
            assertTrue(r.body().contains("Error code 500."), r.body());
        }
        // a blank action is no action (Python's parse_qs drops blank values)
        assertEquals(200, get(d, "/index.html?processname=idle&action=").statusCode());
        // the daemon lives on
        assertEquals(200, get(d, "/").statusCode());
    }

    @Test
    void actionsByFormPostAsWell() throws Exception {
        HttpRequest post = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + d.port + "/index.html"))
                .header("Authorization", AUTH).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("processname=nolog&action=start")).build();
        d.notePids();
        HttpResponse<String> r = HTTP.send(post, HttpResponse.BodyHandlers.ofString());
        d.notePids();
        assertEquals(301, r.statusCode());
        assertTrue(r.headers().firstValue("Location").orElse("").endsWith("/?message=Process%20nolog%20started"));
        assertEquals("RUNNING", state(d, "nolog"));
        assertEquals("Process nolog stopped", act(d, "processname=nolog&action=stop"));

        HttpRequest huge = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + d.port + "/index.html"))
                .header("Authorization", AUTH).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("processname=nolog&action=start&x=" + "y".repeat(100_000)))
                .build();
        assertEquals(413, HTTP.send(huge, HttpResponse.BodyHandlers.ofString()).statusCode());
        assertEquals("STOPPED", state(d, "nolog"));
    }

    @Test
    void anotherSitesPageCannotAct() throws Exception {
        HttpResponse<String> r = get(d, "/index.html?processname=idle&action=start", "Sec-Fetch-Site", "cross-site");
        assertEquals(403, r.statusCode());
        assertEquals("STOPPED", state(d, "idle"));
        // the user's own bookmark (Sec-Fetch-Site: none) still acts
        HttpResponse<String> own = get(d, "/index.html?action=refresh", "Sec-Fetch-Site", "none");
        assertEquals(301, own.statusCode());
    }

    // ---- escaping -----------------------------------------------------------------------------------------------

    @Test
    void everythingFromConfigOutputAndQueryIsEscaped() throws Exception {
        String page = get(d, "/?message=%3Cscript%3Ealert(1)%3C/script%3E%22%27").body();
        assertFalse(page.contains("<script>"), page);
        assertTrue(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;</div>"), page);
        String evil = row(page, "evil&lt;script&gt;");
        assertTrue(evil.contains("href=\"index.html?processname=evil%3Cscript%3E&amp;action=start\""), evil);

        assertEquals("Process evil<script> started", act(d, "processname=evil%3Cscript%3E&action=start"));
        assertEquals("RUNNING", state(d, "evil<script>"));
        String after = get(d, "/?message=" + "Process%20evil%3Cscript%3E%20started").body();
        assertFalse(after.contains("<script>"), after);
        assertEquals("Process evil<script> stopped", act(d, "processname=evil%3Cscript%3E&action=stop"));

        String tail = get(d, "/tail.html?processname=evil%3Cscript%3E").body();
        assertFalse(tail.contains("<script>"), tail);
        assertTrue(tail.contains("<title>Supervisor tail of process evil&lt;script&gt;</title>"), tail);
    }

    // ---- tail page ----------------------------------------------------------------------------------------------

    @Test
    void tailPageShowsTheEndOfStdout() throws Exception {
        Eventually.await(Duration.ofSeconds(10), "sleeper running", () -> state(d, "sleeper").equals("RUNNING"));
        Path log = Path.of(info(d, "sleeper").stdoutLogfile());
        Files.writeString(log, "x".repeat(3000) + "\nhello <b>tail</b> & more\n",
                java.nio.file.StandardOpenOption.APPEND);
        HttpResponse<String> r = get(d, "/tail.html?processname=sleeper");
        assertEquals(200, r.statusCode());
        assertEquals("no-cache", r.headers().firstValue("Cache-Control").orElse(""));
        String page = r.body();
        assertTrue(page.contains("hello &lt;b&gt;tail&lt;/b&gt; &amp; more\n</pre>"), page);
        String pre = page.substring(page.indexOf("<pre class=\"tail\">") + 18, page.indexOf("</pre>"));
        assertEquals(1024, pre.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&").length(), pre);
        assertTrue(page.contains("href=\"tail.html?processname=sleeper&amp;limit=1024\""), page);
        assertTrue(page.contains("href=\"logtail/sleeper\""), page);
        // a bigger limit is honoured, a smaller one is raised to 1024, as supervisord does
        assertTrue(get(d, "/tail.html?processname=sleeper&limit=2000").body()
                .contains("href=\"tail.html?processname=sleeper&amp;limit=2000\""));
        assertTrue(get(d, "/tail.html?processname=sleeper&limit=5").body()
                .contains("href=\"tail.html?processname=sleeper&amp;limit=1024\""));

        assertTrue(get(d, "/tail.html?processname=nope").body()
                .contains(">ERROR: unexpected rpc fault [10] BAD_NAME: nope</pre>"));
        assertTrue(get(d, "/tail.html?processname=nolog").body().contains(">No file for nolog</pre>"));
        String none = get(d, "/tail.html").body();
        assertTrue(none.contains(">No process name found</pre>"), none);
        assertFalse(none.contains("tail.html?processname"), none);
    }

    @Test
    void okPage() throws Exception {
        HttpResponse<String> r = get(d, "/ok.html");
        assertEquals(200, r.statusCode());
        assertEquals("OK", r.body());
    }

    // ---- assets -------------------------------------------------------------------------------------------------

    @Test
    void stylesheetAndIconWithValidators() throws Exception {
        HttpResponse<String> css = get(d, "/stylesheets/supervisor.css");
        assertEquals(200, css.statusCode());
        assertEquals("text/css; charset=UTF-8", css.headers().firstValue("Content-Type").orElse(""));
        assertTrue(css.body().contains(".statusrunning"), css.body());
        assertEquals("max-age=3600", css.headers().firstValue("Cache-Control").orElse(""));
        String etag = css.headers().firstValue("ETag").orElseThrow();
        String modified = css.headers().firstValue("Last-Modified").orElseThrow();
        assertEquals(304, get(d, "/stylesheets/supervisor.css", "If-None-Match", etag).statusCode());
        assertEquals(304, get(d, "/stylesheets/supervisor.css", "If-Modified-Since", modified).statusCode());
        assertEquals(200, get(d, "/stylesheets/supervisor.css", "If-None-Match", "\"other\"").statusCode());

        HttpResponse<byte[]> icon = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + d.port
                + "/images/icon.png")).header("Authorization", AUTH).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, icon.statusCode());
        assertEquals("image/png", icon.headers().firstValue("Content-Type").orElse(""));
        assertEquals((byte) 0x89, icon.body()[0]);
        assertEquals("PNG", new String(icon.body(), 1, 3, StandardCharsets.US_ASCII));

        assertEquals(404, get(d, "/images/nope.gif").statusCode());
        assertEquals(404, get(d, "/stylesheets/../../etc/passwd").statusCode());
        assertEquals(404, get(d, "/status.html").statusCode());
    }

    /** The image paths supervisord's page and stylesheet reference answer with GIFs (Drover's own drawings). */
    @Test
    void supervisordsImagePathsAnswerWithGifs() throws Exception {
        for (String name : List.of("state0", "state1", "state2", "state3", "rule", "supervisor")) {
            HttpResponse<byte[]> gif = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + d.port
                    + "/images/" + name + ".gif")).header("Authorization", AUTH).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, gif.statusCode(), name);
            assertEquals("image/gif", gif.headers().firstValue("Content-Type").orElse(""), name);
            assertEquals("GIF89a", new String(gif.body(), 0, 6, StandardCharsets.US_ASCII), name);
            assertTrue(gif.headers().firstValue("ETag").isPresent(), name);
        }
    }

    // ---- auth ---------------------------------------------------------------------------------------------------

    @Test
    void everyUiPathNeedsTheCredentials() throws Exception {
        for (String path : List.of("/", "/index.html?processname=idle&action=start", "/tail.html?processname=sleeper",
                "/stylesheets/supervisor.css", "/images/icon.png", "/ok.html")) {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + d.port + path))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(401, r.statusCode(), path);
            assertEquals("Basic realm=\"default\"", r.headers().firstValue("WWW-Authenticate").orElse(""), path);
            HttpResponse<String> wrong = get(d, path, "Authorization", "Basic "
                    + Base64.getEncoder().encodeToString("u:wrong".getBytes(StandardCharsets.UTF_8)));
            assertEquals(401, wrong.statusCode(), path);
        }
        assertEquals("STOPPED", state(d, "idle"));
    }

    // ---- page-wide actions (own node: they touch every process) ------------------------------------------------

    @Test
    void stopallAndRestartall() throws Exception {
        try (RealNode n = RealNode.start("""
                [program:a]
                command=sleep 1000
                startsecs=0

                [program:b]
                command=sleep 1000
                startsecs=1
                """)) {
            Eventually.await(Duration.ofSeconds(10), "a and b running",
                    () -> state(n, "a").equals("RUNNING") && state(n, "b").equals("RUNNING"));
            assertTrue(act(n, "action=stopall").startsWith("All stopped at "));
            assertEquals("STOPPED", state(n, "a"));
            assertEquals("STOPPED", state(n, "b"));
            String restarted = act(n, "action=restartall");
            assertTrue(restarted.matches(
                    "All restarted at [A-Z][a-z]{2} [A-Z][a-z]{2} [ 0-9]\\d \\d\\d:\\d\\d:\\d\\d \\d{4}"), restarted);
            assertEquals("RUNNING", state(n, "a"));
            assertEquals("RUNNING", state(n, "b"));
            n.notePids();
        }
    }

    @Test
    void anEmptyConfigSaysSo() throws Exception {
        try (RealNode n = RealNode.start("")) {
            String page = get(n, "/").body();
            assertTrue(page.contains("No programs to manage"), page);
            assertFalse(page.contains("<table"), page);
        }
    }
}
