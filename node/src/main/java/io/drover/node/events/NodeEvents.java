package io.drover.node.events;

import io.drover.node.mainlog.MainLog;
import io.drover.config.GroupKind;
import io.drover.config.GroupSpec;
import io.drover.config.ProcessSpec;
import io.drover.config.SupervisorConfig;
import io.drover.config.WebhookSpec;
import java.util.concurrent.atomic.AtomicLong;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;

/**
 * The node's event plane as the NodeSupervisor drives it: spawns the {@link EventBus} and the {@link Ticker} as its
 * children, an {@link EventListenerPool} per {@code [eventlistener:x]} group and a {@link WebhookSender} per
 * {@code [webhook:x]}, and raises the supervisor-level events (PROCESS_GROUP_ADDED / REMOVED,
 * SUPERVISOR_STATE_CHANGE_RUNNING / STOPPING). Used only from the owning actor.
 */
public final class NodeEvents {

    private final ActorContext<?> ctx;
    private final MainLog log;
    private final ActorRef<EventBus.Command> bus;
    private final Map<String, ActorRef<EventListenerPool.Command>> pools = new HashMap<>();
    private final Map<String, Webhook> webhooks = new HashMap<>();
    private int spawned;
    /** {@code [supervisord] identifier} of the last config read: {@code server:} in every pool's envelopes. */
    private String serverIdentifier = "supervisor";

    /** A running sender and the section it was started from. */
    private record Webhook(WebhookSpec spec, ActorRef<WebhookSender.Command> ref) {
    }

    private NodeEvents(ActorContext<?> ctx, MainLog log, AtomicLong serial) {
        this.log = log;
        this.ctx = ctx;
        this.bus = ctx.spawn(EventBus.create(serial), "events");
        ctx.spawn(Ticker.create(bus), "ticker");
    }

    /** Starts the bus and the ticker as children of {@code ctx}'s actor. */
    public static NodeEvents start(ActorContext<?> ctx, MainLog log, AtomicLong serial) {
        return new NodeEvents(ctx, log, serial);
    }

    public ActorRef<EventBus.Command> bus() {
        return bus;
    }

    /**
     * A group became active (start, reload, addProcessGroup): its pool first if it is a listener group (so the pool
     * sees its own PROCESS_GROUP_ADDED, as in supervisord), then the event.
     */
    public void groupAdded(GroupSpec g) {
        if (g.kind() == GroupKind.EVENT_LISTENER && g.listener().isPresent() && !pools.containsKey(g.name())) {
            Set<EventType> types = EnumSet.noneOf(EventType.class);
            for (String name : g.listener().get().events()) {
                EventType.byName(name).ifPresent(types::add);
            }
            if (!"supervisor.dispatchers:default_handler".equals(g.listener().get().resultHandler())) {
                ctx.getLog().warn("[eventlistener:{}] result_handler {} is Python code Drover cannot run; the"
                        + " default handler (OK accepts, anything else rejects) is used", g.name(),
                        g.listener().get().resultHandler());
            }
            EventListenerPool.Settings s = new EventListenerPool.Settings(g.name(),
                    g.processes().stream().map(ProcessSpec::name).toList(), types, g.listener().get().bufferSize(),
                    serverIdentifier);
            ActorRef<EventListenerPool.Command> pool =
                    ctx.spawn(EventListenerPool.create(s, log), "pool-" + (spawned++) + "-" + safe(g.name()));
            EventListenerPool.register(bus, pool, s);
            pools.put(g.name(), pool);
        }
        publish(Event.groupAdded(g.name()));
    }

    /** A config was read (start, restart, a successful reread): its identifier names the server from now on. */
    public void serverIdentifier(String identifier) {
        if (!identifier.equals(serverIdentifier)) {
            serverIdentifier = identifier;
            pools.values().forEach(p -> p.tell(new EventListenerPool.ServerIdentifier(identifier)));
        }
    }

    /** A group was removed (removeProcessGroup, reload): the event, then its pool goes. */
    public void groupRemoved(String group) {
        publish(Event.groupRemoved(group));
        stopPool(group);
    }

    /** Every group went away without events (shutdown, in-process restart): pools stop. */
    public void allGroupsGone() {
        for (String g : List.copyOf(pools.keySet())) {
            stopPool(g);
        }
    }

    /**
     * Makes the running webhooks those of {@code config}: a sender whose section is unchanged keeps running (and its
     * queue); one whose section changed is replaced (what it still held is dropped); removed ones stop. Called at
     * start, on HUP/restart and when a reread (reloadConfig, which supervisorctl's update also sends) succeeds.
     */
    public void webhooks(SupervisorConfig config) {
        Map<String, WebhookSpec> wanted = new LinkedHashMap<>();
        config.webhooks().forEach(w -> wanted.put(w.name(), w));
        for (String name : List.copyOf(webhooks.keySet())) {
            Webhook running = webhooks.get(name);
            WebhookSpec next = wanted.get(name);
            if (next == null || !next.equals(running.spec())) {
                ctx.stop(running.ref());
                webhooks.remove(name);
                ctx.getLog().info("webhook {} {}", name, next == null ? "removed" : "changed");
            }
        }
        for (WebhookSpec w : wanted.values()) {
            if (!webhooks.containsKey(w.name())) {
                ActorRef<WebhookSender.Command> ref = ctx.spawn(
                        WebhookSender.create(w, config.daemon().identifier()),
                        "webhook-" + (spawned++) + "-" + safe(w.name()));
                WebhookSender.register(bus, ref, w);
                webhooks.put(w.name(), new Webhook(w, ref));
            }
        }
    }

    public void supervisorRunning() {
        publish(Event.supervisorRunning());
    }

    public void supervisorStopping() {
        publish(Event.supervisorStopping());
    }

    public void publish(Event e) {
        bus.tell(new EventBus.Publish(e));
    }

    private void stopPool(String group) {
        ActorRef<EventListenerPool.Command> pool = pools.remove(group);
        if (pool != null) {
            ctx.stop(pool);
        }
    }

    private static String safe(String name) {
        StringBuilder sb = new StringBuilder();
        for (char c : name.toCharArray()) {
            sb.append(Character.isLetterOrDigit(c) || c == '-' || c == '_' ? c : '_');
        }
        return sb.toString();
    }
}
