package io.drover.node.events;

import io.drover.config.WebhookSpec;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * Delivers the events of one {@code [webhook:x]} to its URL, one POST at a time and in order, with the JDK's async
 * HttpClient (the reply comes back as a message: the actor never blocks on the network). A failed POST (connection
 * error, timeout, 408, 429, 5xx) is retried after {@code retry_delay}, doubled each time up to
 * {@code retry_max_delay}, at most
 * {@code retries} times; then the event is dropped and logged. Events wait in a bounded queue; beyond
 * {@code queue_size} the oldest is dropped and logged. Logs never show the secret, header values or the URL's
 * query or user info.
 */
public final class WebhookSender extends AbstractBehavior<WebhookSender.Command> {

    /** What the sender accepts. */
    public sealed interface Command permits Deliver, Posted, RetryDue {
    }

    /** An event from the bus. */
    public record Deliver(EventBus.Notification notification) implements Command {
    }

    private record Posted(int status, Throwable error) implements Command {
    }

    private enum RetryDue implements Command { INSTANCE }

    /** Header carrying an id that is the same on every retry of one event (the serial is -1 without a pool). */
    public static final String DELIVERY_HEADER = "X-Drover-Delivery";

    /** Header carrying {@code sha256=<hex HMAC-SHA256 of the body>} when a secret is set. */
    public static final String SIGNATURE_HEADER = "X-Drover-Signature";

    private final WebhookSpec spec;
    private final String serverIdentifier;
    private final HttpClient client;
    private final TimerScheduler<Command> timers;
    private final String safeUrl;
    /** A queued event and its delivery id (per sender, from 1), sent as {@link #DELIVERY_HEADER} on every try. */
    private record Item(EventBus.Notification notification, long delivery) {
    }

    private final ArrayDeque<Item> queue = new ArrayDeque<>();
    private long deliveries;
    private boolean inFlight;
    private int failures;

    /** The sender's behavior; subscribe it to the bus with {@link #register}. */
    public static Behavior<Command> create(WebhookSpec spec, String serverIdentifier) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new WebhookSender(ctx, timers, spec,
                serverIdentifier)));
    }

    /** Subscribes a spawned sender (from the spawning actor: it then sees what that actor publishes next). */
    public static void register(ActorRef<EventBus.Command> bus, ActorRef<Command> sender, WebhookSpec spec) {
        bus.tell(new EventBus.Subscribe<>(WebhookSpec.SECTION_PREFIX + spec.name(), types(spec), sender,
                Deliver::new));
    }

    /** The spec's event names as types (the config module validated them against supervisord's names). */
    static Set<EventType> types(WebhookSpec spec) {
        Set<EventType> types = EnumSet.noneOf(EventType.class);
        spec.events().forEach(n -> EventType.byName(n).ifPresent(types::add));
        return types;
    }

    private WebhookSender(ActorContext<Command> context, TimerScheduler<Command> timers, WebhookSpec spec,
                          String serverIdentifier) {
        super(context);
        this.timers = timers;
        this.spec = spec;
        this.serverIdentifier = serverIdentifier;
        this.client = HttpClient.newBuilder().connectTimeout(spec.timeout()).build();
        this.safeUrl = spec.safeUrl();
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Deliver.class, this::onDeliver)
                .onMessage(Posted.class, this::onPosted)
                .onMessageEquals(RetryDue.INSTANCE, this::onRetryDue)
                .build();
    }

    private Behavior<Command> onDeliver(Deliver m) {
        if (queue.size() >= spec.queueSize()) {
            boolean headBusy = inFlight || timers.isTimerActive(RetryDue.INSTANCE);
            EventBus.Notification dropped;
            if (!headBusy) {
                dropped = queue.pollFirst().notification();
            } else if (queue.size() > 1) { // the head is being posted: drop the oldest one waiting behind it
                java.util.Iterator<Item> it = queue.iterator();
                it.next();
                dropped = it.next().notification();
                it.remove();
            } else {
                dropped = m.notification();
            }
            getContext().getLog().error("webhook {} queue full ({}), dropping event {} serial {}", spec.name(),
                    spec.queueSize(), dropped.event().type(), dropped.serial());
            if (dropped == m.notification()) {
                return this;
            }
        }
        queue.addLast(new Item(m.notification(), ++deliveries));
        if (!inFlight && !timers.isTimerActive(RetryDue.INSTANCE)) {
            post();
        }
        return this;
    }

    private void post() {
        Item item = queue.peekFirst();
        if (item == null) {
            return;
        }
        EventBus.Notification n = item.notification();
        byte[] body = EventJson.render(serverIdentifier, n).getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder b = HttpRequest.newBuilder(spec.url())
                .timeout(spec.timeout())
                .header("Content-Type", "application/json")
                .header("X-Drover-Event", n.event().type().name())
                .header(DELIVERY_HEADER, Long.toString(item.delivery()))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        for (Map.Entry<String, String> h : spec.headers().entrySet()) {
            try {
                b.header(h.getKey(), h.getValue());
            } catch (IllegalArgumentException e) {
                // the config refuses such names; the message might quote the value, so it is not logged
                getContext().getLog().warn("webhook {}: header {} cannot be set", spec.name(), h.getKey());
            }
        }
        spec.secret().ifPresent(s -> b.header(SIGNATURE_HEADER, "sha256=" + sign(s, body)));
        inFlight = true;
        getContext().pipeToSelf(client.sendAsync(b.build(), HttpResponse.BodyHandlers.discarding()),
                (resp, err) -> new Posted(resp == null ? -1 : resp.statusCode(), err));
    }

    private Behavior<Command> onPosted(Posted m) {
        inFlight = false;
        EventBus.Notification n = queue.isEmpty() ? null : queue.peekFirst().notification();
        if (m.error() == null && m.status() >= 200 && m.status() < 300) {
            queue.pollFirst();
            failures = 0;
            post();
            return this;
        }
        String why = m.error() != null ? m.error().getClass().getSimpleName() : "HTTP " + m.status();
        boolean retryable = m.error() != null || m.status() >= 500 || m.status() == 429 || m.status() == 408;
        if (retryable && failures < spec.retries()) {
            Duration delay = spec.retryDelay().multipliedBy(1L << Math.min(failures, 16));
            delay = delay.compareTo(spec.retryMaxDelay()) > 0 ? spec.retryMaxDelay() : delay;
            failures++;
            getContext().getLog().warn("webhook {} POST {} of event {} failed ({}), retry {} of {} in {} ms",
                    spec.name(), safeUrl, n == null ? "?" : n.event().type(), why, failures, spec.retries(),
                    delay.toMillis());
            timers.startSingleTimer(RetryDue.INSTANCE, RetryDue.INSTANCE, delay);
            return this;
        }
        getContext().getLog().error("webhook {} POST {} of event {} failed ({}), dropping it", spec.name(), safeUrl,
                n == null ? "?" : n.event().type(), why);
        queue.pollFirst();
        failures = 0;
        post();
        return this;
    }

    private Behavior<Command> onRetryDue() {
        post();
        return this;
    }

    /** HMAC-SHA256 of the body as lower-case hex. */
    static String sign(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
