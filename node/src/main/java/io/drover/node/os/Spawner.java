package io.drover.node.os;

import io.drover.config.ini.PyText;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jnr.ffi.Pointer;
import jnr.ffi.byref.IntByReference;

/**
 * Starts children with glibc's posix_spawn (not jnr-posix's: it leaks the JVM's fds, keeps SIGQUIT blocked and
 * cannot chdir). The child leads its own process group (supervisord's {@code setpgrp}), starts with an empty signal
 * mask and every signal at its default action, has the pipes on 0/1/2 and no other fd
 * ({@code addclosefrom_np(3)}). A failure inside the child (chdir, exec) becomes what supervisord's forked child
 * shows: a short-lived child printing {@code supervisor: couldn't ...} on stderr and exiting 127.
 */
final class Spawner implements ChildLauncher {

    private static final short POSIX_SPAWN_SETPGROUP = 0x02;
    private static final short POSIX_SPAWN_SETSIGDEF = 0x04;
    private static final short POSIX_SPAWN_SETSIGMASK = 0x08;
    private static final int SIGSET_SIZE = 128;
    private static final int FILE_ACTIONS_SIZE = 256;
    private static final int ATTR_SIZE = 1024;

    private final LibC libc = Native.LIBC;
    private final Reactor reactor;
    /** posix_spawn's file actions, attributes and a signal set: native memory per spawning thread, reused. */
    private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);
    /** Opened at the first discarded stream. */
    private DiscardPipe discard;
    private final int daemonUid = Native.LIBC.getuid();

    Spawner(Reactor reactor) {
        this.reactor = reactor;
    }

    @Override
    public Child spawn(SpawnRequest request, ChildListener listener) throws SpawnException {
        SpawnRequest.Executable command = request.resolved().isPresent() ? request.resolved().get()
                : CommandResolver.resolve(request.command(), request.environment());
        Optional<String> directory = request.directory().map(Object::toString);
        String setuidError = null;
        Optional<UserIds> user = Optional.empty();
        if (request.user().isPresent()) {
            String name = request.user().get();
            Optional<UserIds> ids = UserIds.lookup(name);
            if (ids.isEmpty()) {
                setuidError = "couldn't setuid to " + name + ": " + (name.matches("\\d+")
                        ? "Can't find uid " + name : "Can't find username " + PyText.repr(name));
            } else if (ids.get().uid() != daemonUid) {
                if (daemonUid != 0) {
                    setuidError = "couldn't setuid to " + ids.get().uid() + ": Can't drop privilege as nonroot user";
                } else {
                    user = ids;
                }
            }
        }
        Trampoline.Plan plan = setuidError != null
                ? Trampoline.failureReport("supervisor: " + setuidError)
                : Trampoline.plan(command, directory, request.umask(), user);

        int[] stdin = {-1, -1};
        int[] stdout = {-1, -1};
        int[] stderr = {-1, -1};
        int pid;
        try {
            if (request.stdinFd().isEmpty()) {
                stdin = pipe(false);
            }
            // A discarded stream's write end is opened for this child alone and closed below, as a pipe's.
            stdout = request.discarded().contains(ChildListener.Stream.STDOUT) ? discarded() : pipe(true);
            if (!request.redirectStderr()) {
                stderr = request.discarded().contains(ChildListener.Stream.STDERR) ? discarded() : pipe(true);
            }
            int childIn = request.stdinFd().orElse(stdin[0]);
            int childErr = request.redirectStderr() ? stdout[1] : stderr[1];
            int[] childFds = {childIn, stdout[1], childErr};
            List<String> env = environment(request.environment());
            int rc = spawn(plan, childFds, env);
            if (rc > 0) {
                pid = rc;
            } else {
                int err = -rc;
                if (err == Errno.EAGAIN || err == Errno.ENOMEM) {
                    throw new SpawnException(SpawnException.Kind.SPAWN_FAILED,
                            "unknown error during fork: " + Errno.name(err), SpawnException.Step.FORK,
                            Errno.name(err));
                }
                String line = "supervisor: " + childFailure(err, plan, command);
                rc = spawn(Trampoline.failureReport(line), childFds, env);
                if (rc <= 0) {
                    throw new SpawnException(SpawnException.Kind.SPAWN_FAILED,
                            "unknown error during fork: " + Errno.name(-rc), SpawnException.Step.FORK,
                            Errno.name(-rc));
                }
                pid = rc;
            }
        } catch (SpawnException e) {
            closeAll(stdin[1], stdout[0], stderr[0]);
            throw e;
        } finally {
            closeAll(stdin[0], stdout[1], stderr[1]);
        }
        int pidfd = libc.pidfd_open(pid, 0);
        if (pidfd < 0) {
            // Cannot happen for our own unreaped child; without a pidfd we could never reap it.
            int err = Native.errno();
            libc.kill(pid, 9);
            closeAll(stdin[1], stdout[0], stderr[0]);
            throw new SpawnException(SpawnException.Kind.SPAWN_FAILED, "pidfd_open failed: " + Errno.name(err),
                    SpawnException.Step.FORK, Errno.name(err));
        }
        ChildProcess child = new ChildProcess(reactor, listener, pid, pidfd, stdout[0], stderr[0], stdin[1]);
        reactor.execute(child::register);
        return child;
    }

    /**
     * posix_spawn as planned: the pid (> 0), or minus the errno, which glibc reports for a failure in the child
     * (chdir, exec) as well as in clone itself.
     */
    private int spawn(Trampoline.Plan plan, int[] childFds, List<String> env) {
        Scratch memory = scratch.get();
        Pointer actions = memory.actions;
        Pointer attr = memory.attr;
        Pointer sigset = memory.sigset;
        libc.posix_spawn_file_actions_init(actions);
        libc.posix_spawnattr_init(attr);
        try {
            for (int target = 0; target < 3; target++) {
                libc.posix_spawn_file_actions_adddup2(actions, childFds[target], target);
            }
            if (plan.chdir().isPresent()) {
                libc.posix_spawn_file_actions_addchdir_np(actions, plan.chdir().get());
            }
            libc.posix_spawn_file_actions_addclosefrom_np(actions, 3);
            libc.posix_spawnattr_setflags(attr,
                    (short) (POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF));
            libc.posix_spawnattr_setpgroup(attr, 0);
            libc.sigemptyset(sigset);
            libc.posix_spawnattr_setsigmask(attr, sigset);
            // Every bit set, including glibc's internal 32/33 that sigfillset leaves out: otherwise glibc's spawn
            // helper leaves them SIG_IGN, and an ignored disposition survives exec.
            sigset.setMemory(0, SIGSET_SIZE, (byte) 0xff);
            libc.posix_spawnattr_setsigdefault(attr, sigset);
            IntByReference pid = new IntByReference();
            int rc = libc.posix_spawn(pid, plan.path(), actions, attr, Native.stringArray(plan.argv()),
                    Native.stringArray(env));
            return rc == 0 ? pid.intValue() : -rc;
        } finally {
            libc.posix_spawnattr_destroy(attr);
            libc.posix_spawn_file_actions_destroy(actions);
        }
    }

    /**
     * The ends for a discarded stream: none for us, a write end of the shared pipe for the child; a pipe of its own
     * (read and dropped by the listener's sink) if the shared one cannot be had (no /proc).
     */
    private int[] discarded() throws SpawnException {
        try {
            return new int[] {-1, discardPipe().openWriter()};
        } catch (SpawnException e) {
            return pipe(true);
        }
    }

    /** Closes what the spawner itself holds (the OS layer is closing). */
    synchronized void close() {
        if (discard != null) {
            discard.close();
            discard = null;
        }
    }

    private synchronized DiscardPipe discardPipe() throws SpawnException {
        if (discard == null) {
            discard = DiscardPipe.open(reactor);
        }
        return discard;
    }

    /** The native objects one spawn fills in (init'ed and destroyed around each posix_spawn). */
    private static final class Scratch {
        final Pointer actions = Native.allocate(FILE_ACTIONS_SIZE);
        final Pointer attr = Native.allocate(ATTR_SIZE);
        final Pointer sigset = Native.allocate(SIGSET_SIZE);
    }

    /** supervisord's child message for a spawn that failed in the child with {@code err}. */
    private String childFailure(int err, Trampoline.Plan plan, SpawnRequest.Executable command) {
        if (plan.chdir().isPresent()) {
            String dir = plan.chdir().get();
            int fd = libc.open(dir, Native.O_PATH | Native.O_DIRECTORY | Native.O_CLOEXEC, 0);
            int chdirErr = fd < 0 ? Native.errno() : 0;
            if (fd >= 0) {
                libc.close(fd);
                if (libc.access(dir, Native.X_OK) != 0) {
                    chdirErr = Native.errno();
                }
            }
            if (chdirErr != 0) {
                return "couldn't chdir to " + dir + ": " + Errno.name(chdirErr);
            }
        }
        return "couldn't exec " + command.argv().get(0) + ": " + Errno.name(err);
    }

    /** A pipe with CLOEXEC on both ends and O_NONBLOCK on ours ({@code readEnd} = the parent reads). */
    private int[] pipe(boolean parentReads) throws SpawnException {
        int[] fds = new int[2];
        if (libc.pipe2(fds, Native.O_CLOEXEC) != 0) {
            int err = Native.errno();
            throw new SpawnException(SpawnException.Kind.SPAWN_FAILED,
                    "unknown error making dispatchers: " + Errno.name(err), SpawnException.Step.PIPES,
                    Errno.name(err));
        }
        // A new pipe end has no status flag set (F_SETFL ignores the access mode): no F_GETFL needed.
        libc.fcntl(parentReads ? fds[0] : fds[1], Native.F_SETFL, Native.O_NONBLOCK);
        return fds;
    }

    private static List<String> environment(Map<String, String> env) {
        List<String> out = new ArrayList<>(env.size());
        env.forEach((k, v) -> out.add(k + "=" + v));
        return out;
    }

    private static void closeAll(int... fds) {
        for (int fd : fds) {
            Native.closeQuietly(fd);
        }
    }
}
