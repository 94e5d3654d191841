package io.drover.node.events;

/** Where an event listener process stands in the protocol (supervisord's EventListenerStates). */
public enum ListenerState {
    /** may be sent an event */
    READY,
    /** holds an event and has not answered yet */
    BUSY,
    /** answered (or just started); must say READY before it gets another event */
    ACKNOWLEDGED,
    /** broke the protocol; gets no more events until it is restarted */
    UNKNOWN
}
