package io.drover.http.server;

import com.typesafe.config.ConfigFactory;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.dispatch.Dispatcher;
import org.apache.pekko.dispatch.Dispatchers;
import org.apache.pekko.dispatch.MessageDispatcher;
import org.apache.pekko.dispatch.MessageDispatcherConfigurator;
import scala.concurrent.duration.FiniteDuration;

/**
 * A Pekko dispatcher whose one thread is an {@link EventLoop}, registered under a fresh id so that streams can be
 * told to run there ({@code ActorAttributes.dispatcher(id)}). Pekko shuts an idle dispatcher's executor down and
 * makes a new one when needed; here it gets a view of the loop that ignores that, so the loop (and the sockets on
 * its selector) lives until the actor system ends.
 */
final class EventLoopDispatcher extends MessageDispatcherConfigurator {
    private static final AtomicInteger IDS = new AtomicInteger();
    private static final int THROUGHPUT = 64;

    private final MessageDispatcher dispatcher;

    private EventLoopDispatcher(String id, Dispatchers dispatchers, EventLoop loop) {
        super(ConfigFactory.parseString("id = \"" + id + "\"").withFallback(dispatchers.defaultDispatcherConfig()),
                dispatchers.prerequisites());
        ExecutorService view = new LoopView(loop);
        dispatcher = new Dispatcher(this, id, THROUGHPUT, scala.concurrent.duration.Duration.Zero(),
                (ignoredId, ignoredFactory) -> () -> view, FiniteDuration.apply(1, TimeUnit.SECONDS));
    }

    /** Registers a dispatcher running on {@code loop}; returns its id. */
    static String register(ActorSystem system, EventLoop loop) {
        String id = "drover.http.event-loop-" + IDS.incrementAndGet();
        system.dispatchers().registerConfigurator(id, new EventLoopDispatcher(id, system.dispatchers(), loop));
        return id;
    }

    @Override
    public MessageDispatcher dispatcher() {
        return dispatcher;
    }

    /** The loop as Pekko sees it: shutting it down is left to the loop's owner. */
    private static final class LoopView extends AbstractExecutorService {
        private final EventLoop loop;

        LoopView(EventLoop loop) {
            this.loop = loop;
        }

        @Override
        public void execute(Runnable task) {
            loop.execute(task);
        }

        @Override
        public void shutdown() {
            // the loop outlives idle periods
        }

        @Override
        public List<Runnable> shutdownNow() {
            return List.of();
        }

        @Override
        public boolean isShutdown() {
            return loop.isShutdown();
        }

        @Override
        public boolean isTerminated() {
            return loop.isTerminated();
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
            return loop.awaitTermination(timeout, unit);
        }
    }
}
