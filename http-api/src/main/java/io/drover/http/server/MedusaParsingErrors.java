package io.drover.http.server;

import org.apache.pekko.event.LoggingAdapter;
import org.apache.pekko.http.ParsingErrorHandler;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.scaladsl.model.ErrorInfo;
import org.apache.pekko.http.scaladsl.model.StatusCode;
import org.apache.pekko.http.scaladsl.settings.ServerSettings;

/**
 * Answers a request Pekko cannot parse as supervisord's medusa does: its HTML error page rather than Pekko's plain
 * text, and 400 for a method nobody serves (Pekko says 501; medusa's catch-all handler refuses any method but
 * GET/HEAD with 400). Named by {@code pekko.http.server.parsing.error-handler}, which instantiates it by reflection.
 */
public final class MedusaParsingErrors extends ParsingErrorHandler {

    @Override
    public HttpResponse handle(StatusCode status, ErrorInfo info, LoggingAdapter log, ServerSettings settings) {
        log.debug("unparsable request: {} {}", status.intValue(), info.summary());
        return ErrorPages.error(status.intValue() == 501 ? StatusCodes.BAD_REQUEST : status);
    }
}
