<?php

declare(strict_types=1);

namespace B44SSO\Tests;

use B44SSO\Client;

/**
 * The stand-in Base44 API that Tests/StandIn/with-standin.sh started for this run:
 * its address, its credentials, its admin routes, and clients pointed at it.
 */
final class StandIn
{
    public static function url(): string
    {
        return self::env('B44SSO_TEST_URL');
    }

    public static function appId(): string
    {
        return self::env('B44SSO_TEST_APP_ID');
    }

    public static function serviceToken(): string
    {
        return self::env('B44SSO_TEST_SERVICE_TOKEN');
    }

    /** A client with the service token and no retries (so failures come back at once). */
    public static function serviceClient(array $extra = []): Client
    {
        return Client::fromOptions($extra + [
            'app_id' => self::appId(),
            'service_token' => self::serviceToken(),
            'server_url' => self::url(),
            'max_retries' => 0,
            'timeout_ms' => 5000,
        ]);
    }

    /** A client holding only the user token of $userId (stand-in tokens are "ut-<uid>"). */
    public static function userClient(string $userId, array $extra = []): Client
    {
        return Client::fromOptions($extra + [
            'app_id' => self::appId(),
            'user_token' => 'ut-' . $userId,
            'server_url' => self::url(),
            'max_retries' => 0,
        ]);
    }

    /** A scenario user id unique to this run, e.g. scenario('status=404') */
    public static function scenario(string $query): string
    {
        static $counter = 0;
        return '!' . $query . '&tag=php' . getmypid() . '-' . (++$counter);
    }

    /** A scenario id whose tokens are JWTs expiring in $seconds, numbered per fetch (cacheable). */
    public static function jwtUser(int $seconds = 600): string
    {
        return self::scenario("jwt_exp=$seconds");
    }

    /** How many requests the stand-in saw for $userId (an SSO route's last path segment). */
    public static function requestsFor(string $userId): int
    {
        $segment = '/' . rawurlencode($userId);
        return count(array_filter(self::requests(), fn (array $r): bool => str_ends_with($r['path'], $segment)));
    }

    /** @return list<array{method: string, path: string, headers: array<string, string>}> */
    public static function requests(): array
    {
        return self::admin('GET', '/__admin/requests');
    }

    /** @return array{connections: int, requests: int, redirect_target_hits: int} */
    public static function stats(): array
    {
        return self::admin('GET', '/__admin/stats');
    }

    public static function reset(): void
    {
        self::admin('POST', '/__admin/reset');
    }

    /** The last request the stand-in logged whose path contains $fragment. */
    public static function lastRequest(string $fragment): array
    {
        foreach (array_reverse(self::requests()) as $request) {
            if (str_contains($request['path'], $fragment)) {
                return $request;
            }
        }
        fail("the stand-in saw no request with $fragment in its path");
    }

    private static function admin(string $method, string $path): array
    {
        $context = stream_context_create(['http' => ['method' => $method, 'ignore_errors' => true]]);
        $text = file_get_contents(self::url() . $path, false, $context);
        if ($text === false) {
            throw new \RuntimeException("stand-in admin call $method $path failed");
        }
        return json_decode($text, true, 512, JSON_THROW_ON_ERROR);
    }

    private static function env(string $name): string
    {
        $value = getenv($name);
        if (!is_string($value) || $value === '') {
            throw new \RuntimeException("$name is not set: run the tests through Tests/StandIn/with-standin.sh");
        }
        return $value;
    }
}
