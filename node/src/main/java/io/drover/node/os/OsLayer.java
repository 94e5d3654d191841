package io.drover.node.os;

import jnr.ffi.byref.IntByReference;

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
     * Binds libc and initializes the reactor's classes, so that a launcher can do it on a spare core while it reads
     * the config. jnr-ffi's reflective binding (see {@link Native}) makes its argument marshalling on the first call
     * that needs each kind (~10-50 ms of CPU for pointers, strings, arrays and references): harmless calls make
     * them here rather than on the main thread (resource limits) or the first spawn. Thread-safe; without it the
     * first calls pay for this where they happen.
     */
    public static void preload() {
        Native.LIBC.getpid();
        Native.LIBC.getrlimit(ResourceLimits.Limit.NOFILE.resource, Native.allocate(16));
        Native.LIBC.access("/", Native.F_OK);
        // an invalid descriptor: fails with EBADF, touches nothing
        Native.LIBC.getsockname(-1, Native.allocate(16), new IntByReference(16));
        int[] fds = new int[2];
        if (Native.LIBC.pipe2(fds, Native.O_CLOEXEC) == 0) {
            Native.closeQuietly(fds[0]);
            Native.closeQuietly(fds[1]);
        }
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
    }
}
