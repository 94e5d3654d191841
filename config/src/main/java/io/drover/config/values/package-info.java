/**
 * Internal: supervisord's value types (datatypes.py) re-implemented with the same refusal messages. Not API: use {@link io.drover.config.ConfigLoader}.
 */
package io.drover.config.values;
