package io.drover.http.web;

import io.drover.config.SupervisorConfig;
import io.drover.http.server.ErrorPages;
import io.drover.http.xmlrpc.NodeClient;
import io.drover.http.xmlrpc.Stages;
import io.drover.http.xmlrpc.SupervisorNamespace;
import io.drover.node.supervisor.NodeSupervisor;
import io.drover.node.supervisor.ProcessInfo;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.DateTime;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.Uri;
import org.apache.pekko.http.javadsl.model.headers.Expires;
import org.apache.pekko.http.javadsl.model.headers.Location;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.scaladsl.model.EntityStreamException;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;
import org.apache.pekko.stream.Materializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * supervisord's web interface: {@code /} and {@code /index.html} (status and actions), {@code /tail.html},
 * {@code /ok.html}, and the assets under {@code /stylesheets/} and {@code /images/}. The request router calls
 * {@link #serves(String)} and {@link #handle(HttpRequest)} after authentication.
 *
 * <p>An action ({@code ?action=start|stop|restart|clearlog&processname=NAME}, {@code ?action=refresh|stopall|
 * restartall}, in the query string or a form POST) is performed, then answered as supervisord does: 301 to
 * {@code http://HOST/?message=...}, the page showing the message. Pages are never cached; everything from config,
 * process output or the request is HTML-escaped. Action links are plain GETs (bookmarks and scripts use them), so
 * a browser request that another site started ({@code Sec-Fetch-Site: cross-site}) may not act: 403.
 */
public final class WebUi {
    private static final Logger LOG = LoggerFactory.getLogger(WebUi.class);
    /** A UI form is a few short fields. */
    private static final long MAX_FORM_BYTES = 64 * 1024;
    private static final long FORM_TIMEOUT_MILLIS = 10_000;
    private static final String CSP = "default-src 'none'; style-src 'self'; img-src 'self'; "
            + "frame-ancestors 'none'; form-action 'self'; base-uri 'none'";
    private static final long MIN_TAIL = 1024;

    private final NodeClient node;
    private final Materializer materializer;
    private final StatusActions actions;
    private final StdoutTail tails;
    private final StatusPage statusPage;
    private final TailPage tailPage;
    private final StaticAssets assets;

    /**
     * @param node       the node's command protocol, as XML-RPC uses it
     * @param config     the config the daemon started with (its identifier until the node has read one)
     * @param blockingIo where log files are read
     */
    public WebUi(NodeClient node, SupervisorConfig config, Executor blockingIo, Materializer materializer) {
        this.node = node;
        this.materializer = materializer;
        this.actions = new StatusActions(node);
        this.tails = new StdoutTail(node, blockingIo);
        PageLayout layout = new PageLayout(() -> node.daemon(config.daemon()).identifier(),
                SupervisorNamespace.SUPERVISOR_VERSION,
                droverVersion());
        this.statusPage = new StatusPage(layout);
        this.tailPage = new TailPage(layout);
        this.assets = new StaticAssets();
    }

    /** This module's version from the jar's Maven descriptor; empty when run from classes (development). */
    private static String droverVersion() {
        try (InputStream in = WebUi.class.getResourceAsStream(
                "/META-INF/maven/io.drover/drover-http-api/pom.properties")) {
            if (in == null) {
                return "";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "");
        } catch (IOException e) {
            return "";
        }
    }

    /** Whether the UI answers {@code path} (the request's decoded path). */
    public static boolean serves(String path) {
        String p = relative(path);
        return p.isEmpty() || p.equals("index.html") || p.equals("tail.html") || p.equals("ok.html")
                || StaticAssets.isAssetPath(p);
    }

    /** Answers an authenticated request for a path that {@link #serves(String)}; consumes the request's entity. */
    public CompletionStage<HttpResponse> handle(HttpRequest request) {
        String path = relative(request.getUri().path());
        boolean get = request.method() == HttpMethods.GET || request.method() == HttpMethods.HEAD;
        boolean post = request.method() == HttpMethods.POST;
        if (StaticAssets.isAssetPath(path) || !(get || post)) {
            request.discardEntityBytes(materializer);
            return CompletableFuture.completedFuture(get ? assets.serve(request, path) : ErrorPages.badRequest());
        }
        if (post && request.entity().getContentLengthOption().orElse(0L) > MAX_FORM_BYTES) {
            request.discardEntityBytes(materializer);
            return CompletableFuture.completedFuture(ErrorPages.error(StatusCodes.PAYLOAD_TOO_LARGE));
        }
        String query = request.getUri().rawQueryString().orElse("");
        CompletionStage<WebForm> form = post
                ? Stages.plain(request.entity().toStrict(FORM_TIMEOUT_MILLIS, MAX_FORM_BYTES, materializer))
                        .thenApply(body -> WebForm.of(query, body.getData().utf8String()))
                : completed(() -> {
                    request.discardEntityBytes(materializer);
                    return WebForm.of(query, "");
                });
        return form.thenCompose(f -> switch (path) {
            case "tail.html" -> tail(f);
            case "ok.html" -> CompletableFuture.completedFuture(HttpResponse.create().withEntity(HttpEntities
                    .create(MediaTypes.TEXT_PLAIN.toContentTypeWithMissingCharset(), new byte[] {'O', 'K'})));
            default -> status(request, f);
        }).exceptionally(error -> failed(request, error));
    }

    private CompletionStage<HttpResponse> status(HttpRequest request, WebForm form) {
        Optional<String> action = form.get("action");
        if (action.isPresent()) {
            if (request.getHeader("Sec-Fetch-Site").map(h -> h.value().equals("cross-site")).orElse(false)) {
                LOG.warn("web UI: refused action '{}' that another site's page started",
                        printable(action.get()));
                return CompletableFuture.completedFuture(ErrorPages.error(StatusCodes.FORBIDDEN));
            }
            return actions.perform(action.get(), form.get("processname"))
                    .thenApply(message -> redirect(request, message));
        }
        return node.<List<ProcessInfo>>ask(NodeSupervisor.GetAllProcessInfo::new)
                .thenApply(all -> page(statusPage.render(all, form.get("message"))));
    }

    private CompletionStage<HttpResponse> tail(WebForm form) {
        long limit = Math.max(MIN_TAIL, form.get("limit").map(WebUi::digits).orElse(MIN_TAIL));
        Optional<String> name = form.get("processname");
        if (name.isEmpty()) {
            return CompletableFuture.completedFuture(page(tailPage.render(name, limit, "No process name found")));
        }
        return tails.read(name.get(), limit).thenApply(text -> page(tailPage.render(name, limit, text)));
    }

    /** A limit as supervisord reads it: only digits count (anything else is the default); too big is "all". */
    private static long digits(String s) {
        if (s.isEmpty() || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return MIN_TAIL;
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    private static HttpResponse page(String html) {
        return HttpResponse.create()
                .withEntity(HttpEntities.create(ContentTypes.TEXT_HTML_UTF8, html))
                .addHeader(RawHeader.create("Pragma", "no-cache"))
                .addHeader(RawHeader.create("Cache-Control", "no-cache"))
                .addHeader(Expires.create(DateTime.create(0L)))
                .addHeader(RawHeader.create("Content-Security-Policy", CSP))
                .addHeader(RawHeader.create("X-Content-Type-Options", "nosniff"));
    }

    /** supervisord's answer to an action: 301 to the server's root with the message, never cached. */
    private static HttpResponse redirect(HttpRequest request, String message) {
        String target = "/?message=" + UrlCodec.quote(message);
        Location location;
        try {
            location = Location.create(Uri.create(serverUrl(request) + target));
        } catch (RuntimeException e) {
            location = Location.create(Uri.create(target)); // a Host that makes no URI: stay on this server
        }
        return ErrorPages.error(StatusCodes.MOVED_PERMANENTLY)
                .addHeader(location)
                .addHeader(RawHeader.create("Pragma", "no-cache"))
                .addHeader(RawHeader.create("Cache-Control", "no-cache"))
                .addHeader(Expires.create(DateTime.create(0L)));
    }

    /** {@code scheme://host[:port]} from the Host header, the port left out when it is the scheme's default. */
    static String serverUrl(HttpRequest request) {
        String scheme = request.getUri().scheme().isEmpty() ? "http" : request.getUri().scheme();
        String host = request.getHeader("Host").map(h -> h.value().strip())
                .orElseGet(() -> request.getUri().host().address() + ":" + request.getUri().port());
        String defaultPort = scheme.equals("https") ? "443" : "80";
        if (host.endsWith(":" + defaultPort)) {
            host = host.substring(0, host.length() - defaultPort.length() - 1);
        } else if (host.endsWith(":")) {
            host = host.substring(0, host.length() - 1);
        }
        return scheme + "://" + host;
    }

    private static HttpResponse failed(HttpRequest request, Throwable error) {
        Throwable t = error;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof EntityStreamSizeException) {
            return ErrorPages.error(StatusCodes.PAYLOAD_TOO_LARGE); // a chunked form past the limit
        }
        if (t instanceof EntityStreamException) {
            return ErrorPages.badRequest(); // a form body that broke off
        }
        if (t instanceof StatusActions.UnknownAction) {
            LOG.warn("web UI: {}", t.getMessage());
        } else {
            LOG.error("web UI: {} {} failed: {}", request.method().value(), request.getUri().path(), t.toString());
        }
        return ErrorPages.internalError();
    }

    /** Request text fit for one log line: control characters replaced, at most 100 characters. */
    static String printable(String s) {
        String t = s.length() > 100 ? s.substring(0, 100) + "..." : s;
        return t.replaceAll("\\p{Cntrl}", "?");
    }

    private static <T> CompletionStage<T> completed(java.util.function.Supplier<T> value) {
        try {
            return CompletableFuture.completedFuture(value.get());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static String relative(String path) {
        int i = 0;
        while (i < path.length() && path.charAt(i) == '/') {
            i++;
        }
        return path.substring(i);
    }
}
