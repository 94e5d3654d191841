/** The daemon's own activity log, in supervisord's line format. */
package io.drover.node.mainlog;
