package dev.eventhub.runtime.log;

import java.util.Map;

/**
 * A snapshot of the log's figures, for metrics.
 *
 * @param events events retained
 * @param perCategory events retained per category
 * @param appended events recorded since start
 * @param commits group commits since start
 * @param pruned events removed by retention since start
 * @param fileBytes the size of the store's files
 * @param refused writes refused since start, by reason: {@code queue_full}, {@code max_categories},
 *     {@code storage_full}, {@code storage_unavailable}
 */
public record LogStats(long events, Map<String, Long> perCategory, long appended, long commits, long pruned,
    long fileBytes, Map<String, Long> refused) {}
