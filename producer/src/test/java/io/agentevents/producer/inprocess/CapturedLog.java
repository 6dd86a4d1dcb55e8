package io.agentevents.producer.inprocess;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/** Captures what one logger (and its children) logs during a test, in memory. Close to detach. */
public final class CapturedLog implements AutoCloseable {
    private final Logger logger;
    private final Level previousLevel;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    private CapturedLog(String loggerName, Level level) {
        this.logger = (Logger) LoggerFactory.getLogger(loggerName);
        this.previousLevel = logger.getLevel();
        if (level != null) {
            logger.setLevel(level);
        }
        appender.setContext(logger.getLoggerContext());
        appender.start();
        logger.addAppender(appender);
    }

    /** Captures {@code loggerName} at {@code level} (null: keep the configured level). */
    public static CapturedLog capture(String loggerName, Level level) {
        return new CapturedLog(loggerName, level);
    }

    /** Captures everything logged anywhere at the configured levels. */
    static CapturedLog everything() {
        return new CapturedLog(org.slf4j.Logger.ROOT_LOGGER_NAME, null);
    }

    List<ILoggingEvent> events() {
        synchronized (appender) { // AppenderBase.doAppend holds the same monitor
            return List.copyOf(appender.list);
        }
    }

    public List<ILoggingEvent> events(Level level) {
        return events().stream().filter(event -> event.getLevel() == level).toList();
    }

    List<String> messages() {
        return events().stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    /** Every message, key-value pair and throwable (with causes) captured, one entry per line. */
    String fullText() {
        List<String> lines = new ArrayList<>();
        for (ILoggingEvent event : events()) {
            lines.add(event.getLoggerName() + " " + event.getLevel() + " " + event.getFormattedMessage()
                    + (event.getKeyValuePairs() == null ? "" : " " + event.getKeyValuePairs()));
            for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
                lines.add(t.getClassName() + ": " + t.getMessage());
            }
        }
        return String.join("\n", lines);
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        appender.stop();
        logger.setLevel(previousLevel);
    }
}
