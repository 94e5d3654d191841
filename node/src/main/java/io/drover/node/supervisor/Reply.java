package io.drover.node.supervisor;

/**
 * The answer to a {@link NodeSupervisor.Request}: a value or a {@link Fault}.
 *
 * @param <T> the value's type
 */
public sealed interface Reply<T> {

    record Success<T>(T value) implements Reply<T> {
    }

    record Failure<T>(Fault fault) implements Reply<T> {
    }

    static <T> Reply<T> ok(T value) {
        return new Success<>(value);
    }

    static <T> Reply<T> fault(Fault fault) {
        return new Failure<>(fault);
    }

    default boolean isSuccess() {
        return this instanceof Success;
    }
}
