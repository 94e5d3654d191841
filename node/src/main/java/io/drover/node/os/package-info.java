/**
 * The operating-system layer: the only code in Drover that makes native calls. Everything above this package sees
 * only {@link io.drover.node.os.ChildLauncher}, {@link io.drover.node.os.Child}, {@link io.drover.node.os.ChildListener}
 * and a few helpers.
 *
 * <ul>
 *   <li>{@link io.drover.node.os.OsLayer} — the factory: starts the single {@code drover-reactor} thread and hands out
 *       the launcher.</li>
 *   <li>{@code Spawner} — glibc posix_spawn (own process group, empty signal mask, default dispositions, pipes on
 *       0/1/2, nothing else inherited); {@code CommandResolver} — supervisord's PATH search and error texts;
 *       {@code Trampoline} — the exec-only shell/setpriv wrapper for {@code umask=} and {@code user=}.</li>
 *   <li>{@code Reactor} — epoll over every pipe, pidfd and the signalfd, plus shared delayed ticks;
 *       {@code ChildProcess} — one child's fds; {@link io.drover.node.os.OutputPipe} /
 *       {@link io.drover.node.os.AppendTarget} — a pipe handed to its owner and spliced into a log file.</li>
 *   <li>{@link io.drover.node.os.SyslogSocket} — non-blocking datagrams to {@code /dev/log}.</li>
 *   <li>{@link io.drover.node.os.DaemonSignals}, {@link io.drover.node.os.ResourceLimits},
 *       {@link io.drover.node.os.SocketBinder}, {@link io.drover.node.os.Processes}.</li>
 * </ul>
 *
 * The daemon launcher should start the JVM as
 * {@code env --block-signal=HUP --block-signal=INT --block-signal=QUIT --block-signal=TERM --block-signal=USR2
 * _JAVA_SR_SIGNUM=39 java -Xrs -XX:+StartAttachListener -XX:-MaxFDLimit ...} so that every daemon signal (SIGQUIT
 * included) arrives through the signalfd and children inherit supervisord's file limit; see {@code DaemonSignals}.
 */
package io.drover.node.os;
