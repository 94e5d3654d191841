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

    /**
     * Binds libc and initializes the reactor's classes (jnr-ffi generates the binding at run time, ~0.1 s), so
     * that a launcher can do it on a spare core while it reads the config. Idempotent and thread-safe (class
     * initialization); {@link #start()} does the same when nothing did it before.
     */
    public static void preload() {
        Native.LIBC.getpid();
        try {
            Class.forName(Reactor.class.getName(), true, OsLayer.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
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
        spawner.close();
    }
}
