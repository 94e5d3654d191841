package io.drover.http.server;

import java.nio.charset.StandardCharsets;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;

/** Error responses shaped as supervisord's HTTP server (medusa) writes them: a small text/html page. */
public final class ErrorPages {
    private static final ContentType HTML = MediaTypes.TEXT_HTML.toContentTypeWithMissingCharset();

    private ErrorPages() {
    }

    public static HttpResponse error(StatusCode status) {
        String page = "<head>\r\n<title>Error response</title>\r\n</head>\r\n<body>\r\n<h1>Error response</h1>\r\n"
                + "<p>Error code " + status.intValue() + ".\r\n<p>Message: " + status.reason() + ".\r\n</body>\r\n";
        return HttpResponse.create().withStatus(status)
                .withEntity(HttpEntities.create(HTML, page.getBytes(StandardCharsets.US_ASCII)));
    }

    public static HttpResponse badRequest() {
        return error(StatusCodes.BAD_REQUEST);
    }

    public static HttpResponse notFound() {
        return error(StatusCodes.NOT_FOUND);
    }

    public static HttpResponse internalError() {
        return error(StatusCodes.INTERNAL_SERVER_ERROR);
    }
}
