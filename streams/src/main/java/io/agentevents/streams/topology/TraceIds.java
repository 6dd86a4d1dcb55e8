package io.agentevents.streams.topology;

import io.agentevents.schemas.headers.CloudEventHeaders;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/** The trace id of a record's W3C {@code traceparent} header, kept in its audit entry. */
final class TraceIds {
    private static final Pattern TRACEPARENT = Pattern.compile("[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}.*");

    private TraceIds() {
    }

    /** The 32 hex digits of the trace id, or null without a well-formed {@code traceparent} (or an all-zero id). */
    static String of(Headers headers) {
        Header header = headers == null ? null : headers.lastHeader(CloudEventHeaders.TRACEPARENT);
        if (header == null || header.value() == null || header.value().length > 256) {
            return null;
        }
        var match = TRACEPARENT.matcher(new String(header.value(), StandardCharsets.US_ASCII));
        if (!match.matches() || match.group(1).equals("0".repeat(32))) {
            return null;
        }
        return match.group(1);
    }
}
