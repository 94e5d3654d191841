/**
 * The operating-system layer: the only code in Drover that makes native calls. Spawning (glibc posix_spawnp through
 * jnr-ffi), one reactor thread (epoll) for every child pipe and every child exit (pidfd), kill/killpg, and the
 * daemon's own signals. Everything above this package sees only {@link io.drover.node.os.ChildLauncher},
 * {@link io.drover.node.os.Child} and {@link io.drover.node.os.ChildListener}.
 */
package io.drover.node.os;
