package io.agentevents.streams.http;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per client (a user's name or a client's address): each holds up to
 * {@code perSecond} requests and refills at {@code perSecond} a second, so a client may send a
 * burst of one second's worth and then {@code perSecond} a second for ever. Buckets idle long
 * enough to be full again are dropped when more than {@value #MAX_CLIENTS} clients are tracked (and
 * all of them, should that not be enough: memory stays bounded, at the price of a fresh burst).
 * Thread-safe.
 */
final class QueryRateLimiter {
    private static final int MAX_CLIENTS = 10_000;

    private final int perSecond;
    private final LongSupplier nanoTime;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    /** A bucket: how many requests it held at {@code at} (nanoTime). Guarded by itself. */
    private static final class Bucket {
        double available;
        long at;

        Bucket(double available, long at) {
            this.available = available;
            this.at = at;
        }
    }

    /** @param perSecond requests a second per client; 0 = no limit */
    QueryRateLimiter(int perSecond, LongSupplier nanoTime) {
        if (perSecond < 0) {
            throw new IllegalArgumentException("perSecond must not be negative, was " + perSecond);
        }
        this.perSecond = perSecond;
        this.nanoTime = nanoTime;
    }

    /** Whether limits are on. */
    boolean limiting() {
        return perSecond > 0;
    }

    /**
     * Takes one request from {@code client}'s bucket: empty when it may go ahead, else how long until
     * it may (at least 1 ms).
     */
    Optional<Duration> acquire(String client) {
        if (perSecond == 0) {
            return Optional.empty();
        }
        long now = nanoTime.getAsLong();
        if (buckets.size() > MAX_CLIENTS) {
            buckets.values().removeIf(bucket -> refilled(bucket, now) >= perSecond);
            if (buckets.size() > MAX_CLIENTS) {
                buckets.clear(); // more busy clients than it keeps: start afresh rather than grow without bound
            }
        }
        Bucket bucket = buckets.computeIfAbsent(client, key -> new Bucket(perSecond, now));
        synchronized (bucket) {
            bucket.available = refilled(bucket, now);
            bucket.at = now;
            if (bucket.available >= 1) {
                bucket.available -= 1;
                return Optional.empty();
            }
            double missing = 1 - bucket.available;
            return Optional.of(Duration.ofNanos(Math.max(1_000_000L, (long) (missing * 1e9 / perSecond))));
        }
    }

    private double refilled(Bucket bucket, long now) {
        synchronized (bucket) {
            return Math.min(perSecond, bucket.available + (now - bucket.at) * perSecond / 1e9);
        }
    }
}
