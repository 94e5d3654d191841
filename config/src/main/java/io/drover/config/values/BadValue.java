package io.drover.config.values;

/** A value supervisord would refuse; the message is supervisord's reason text (no section or file yet). */
public final class BadValue extends Exception {
    private static final long serialVersionUID = 1L;

    public BadValue(String reason) {
        super(reason, null, false, false);
    }
}
