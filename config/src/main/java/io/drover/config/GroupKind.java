package io.drover.config;

/** Which section type a group came from. */
public enum GroupKind {
    /** A {@code [program:x]} that is its own group (homogeneous). */
    PROGRAM,
    /** A {@code [group:x]} naming several programs (heterogeneous). */
    GROUP,
    /** {@code [fcgi-program:x]}: processes share a socket the daemon binds. */
    FCGI,
    /** {@code [eventlistener:x]}: a pool of event listeners. */
    EVENT_LISTENER
}
