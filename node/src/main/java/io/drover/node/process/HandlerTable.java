package io.drover.node.process;

import java.util.HashMap;
import java.util.Map;
import java.util.function.BiFunction;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * An actor class's message table, built once for the class instead of once per actor: Pekko's {@code ReceiveBuilder}
 * keeps a case and a bound method reference per message type in every instance (~1 KB for ProcessActor's twenty),
 * which a thousand processes pay a thousand times. Handlers are found by the message's exact class: every message
 * is a record or an enum constant.
 *
 * @param <A> the actor
 * @param <C> its message type
 */
final class HandlerTable<A, C> {

    private final Map<Class<?>, BiFunction<A, C, Behavior<C>>> handlers;

    private HandlerTable(Map<Class<?>, BiFunction<A, C, Behavior<C>>> handlers) {
        this.handlers = Map.copyOf(handlers);
    }

    static <A, C> Builder<A, C> builder() {
        return new Builder<>();
    }

    /** Runs the handler of {@code message}'s type; a type without one is unhandled, as ReceiveBuilder's. */
    Behavior<C> handle(A actor, C message) {
        Class<?> type = message instanceof Enum<?> e ? e.getDeclaringClass() : message.getClass();
        BiFunction<A, C, Behavior<C>> handler = handlers.get(type);
        return handler == null ? Behaviors.unhandled() : handler.apply(actor, message);
    }

    static final class Builder<A, C> {
        private final Map<Class<?>, BiFunction<A, C, Behavior<C>>> handlers = new HashMap<>();

        <M extends C> Builder<A, C> on(Class<M> type, BiFunction<A, M, Behavior<C>> handler) {
            handlers.put(type, (actor, message) -> handler.apply(actor, type.cast(message)));
            return this;
        }

        HandlerTable<A, C> build() {
            return new HandlerTable<>(handlers);
        }
    }
}
