package io.drover.node.os;

/**
 * The OS layer as one object: owns the reactor thread and hands out the {@link ChildLauncher}. One per daemon.
 */
public final class OsLayer implements AutoCloseable {

    private final Reactor reactor;
    private final Spawner spawner;

    private OsLayer() {
        reactor = new Reactor();
        spawner = new Spawner(reactor);
    }

    /** Starts the reactor thread ({@code drover-reactor}). */
    public static OsLayer start() {
        return new OsLayer();
    }

    public ChildLauncher launcher() {
        return spawner;
    }

    Reactor reactor() {
        return reactor;
    }

    /** Stops the reactor and closes every pipe it watches; running children are left alone. */
    @Override
    public void close() {
        reactor.close();
    }
}
