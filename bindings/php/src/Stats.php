<?php

declare(strict_types=1);

namespace B44SSO;

use FFI\CData;

/**
 * A client's counters since it was created (Client::stats()). The library reads them one
 * by one, not as one snapshot.
 */
final readonly class Stats
{
    /** The b44_stats field behind each property, in header order. */
    private const FIELDS = [
        'requests' => 'requests',
        'cache_hits' => 'cacheHits',
        'cache_misses' => 'cacheMisses',
        'coalesced_waits' => 'coalescedWaits',
        'retries' => 'retries',
        'errors' => 'errors',
    ];

    public function __construct(
        /** HTTP requests sent, retries included. */
        public int $requests,
        /** Calls answered from the process-wide token cache. */
        public int $cacheHits,
        /** Calls that had to fetch (cache on). */
        public int $cacheMisses,
        /** Calls that waited for another call's fetch of the same token. */
        public int $coalescedWaits,
        /** Requests repeated after a retryable failure. */
        public int $retries,
        /** Calls that failed. */
        public int $errors,
    ) {
    }

    /** @internal Reads a b44_stats. */
    public static function fromNative(CData $native): self
    {
        $values = [];
        foreach (self::FIELDS as $field => $property) {
            $values[$property] = (int) $native->$field;
        }
        return new self(...$values);
    }

    /**
     * The counters under the C field names ("requests", "cache_hits", ...), e.g. for metrics.
     *
     * @return array<string, int>
     */
    public function toArray(): array
    {
        $array = [];
        foreach (self::FIELDS as $field => $property) {
            $array[$field] = $this->$property;
        }
        return $array;
    }
}
