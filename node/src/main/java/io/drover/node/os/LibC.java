package io.drover.node.os;

import jnr.ffi.Pointer;
import jnr.ffi.byref.IntByReference;
import jnr.ffi.types.size_t;
import jnr.ffi.types.ssize_t;

/**
 * The glibc functions Drover calls, bound directly with jnr-ffi (Linux x86_64/aarch64, glibc >= 2.36 for
 * {@code pidfd_open} and {@code posix_spawn_file_actions_addclosefrom_np}). Every call saves errno, read through
 * {@link Native#errno()}. Public only because jnr-ffi generates its implementation in another class loader;
 * nothing outside this package may use it.
 */
public interface LibC {

    // --- posix_spawn ---
    int posix_spawn(IntByReference pid, String path, Pointer fileActions, Pointer attr, Pointer argv, Pointer envp);

    int posix_spawn_file_actions_init(Pointer fileActions);

    int posix_spawn_file_actions_destroy(Pointer fileActions);

    int posix_spawn_file_actions_adddup2(Pointer fileActions, int fd, int newFd);

    int posix_spawn_file_actions_addchdir_np(Pointer fileActions, String path);

    int posix_spawn_file_actions_addclosefrom_np(Pointer fileActions, int from);

    int posix_spawnattr_init(Pointer attr);

    int posix_spawnattr_destroy(Pointer attr);

    int posix_spawnattr_setflags(Pointer attr, short flags);

    int posix_spawnattr_setpgroup(Pointer attr, int pgroup);

    int posix_spawnattr_setsigmask(Pointer attr, Pointer sigset);

    int posix_spawnattr_setsigdefault(Pointer attr, Pointer sigset);

    int sigemptyset(Pointer set);

    int sigfillset(Pointer set);

    int sigaddset(Pointer set, int signal);

    int pthread_sigmask(int how, Pointer set, Pointer oldSet);

    int sigismember(Pointer set, int signal);

    int sigaction(int signal, Pointer action, Pointer oldAction);

    int getpid();

    // --- fds ---
    int pipe2(int[] fds, int flags);

    int fcntl(int fd, int cmd, int arg);

    int close(int fd);

    @ssize_t long read(int fd, Pointer buf, @size_t long count);

    @ssize_t long write(int fd, Pointer buf, @size_t long count);

    @ssize_t long splice(int fdIn, Pointer offIn, int fdOut, Pointer offOut, @size_t long length, int flags);

    long lseek(int fd, long offset, int whence);

    int access(String path, int mode);

    int open(String path, int flags, int mode);

    // --- epoll / eventfd / signalfd ---
    int epoll_create1(int flags);

    int epoll_ctl(int epfd, int op, int fd, Pointer event);

    int epoll_wait(int epfd, Pointer events, int maxEvents, int timeout);

    int eventfd(int initval, int flags);

    int signalfd(int fd, Pointer mask, int flags);

    // --- processes ---
    int pidfd_open(int pid, int flags);

    int waitid(int idType, int id, Pointer siginfo, int options);

    int kill(int pid, int signal);

    int killpg(int pgrp, int signal);

    int getpgid(int pid);

    int getuid();

    // --- the daemon's own identity (glibc applies set*id to every thread of the process) ---
    int initgroups(String user, int group);

    int setgid(int gid);

    int setuid(int uid);

    // --- limits ---
    int getrlimit(int resource, Pointer rlimit);

    int setrlimit(int resource, Pointer rlimit);

    // --- sockets ---
    int socket(int domain, int type, int protocol);

    int setsockopt(int fd, int level, int name, Pointer value, int length);

    int bind(int fd, Pointer address, int length);

    int listen(int fd, int backlog);

    int getsockname(int fd, Pointer address, IntByReference length);

    @ssize_t long sendto(int fd, Pointer buf, @size_t long length, int flags, Pointer address, int addressLength);

    int chmod(String path, int mode);

    int chown(String path, int uid, int gid);

    int unlink(String path);

    String strerror(int errno);
}
