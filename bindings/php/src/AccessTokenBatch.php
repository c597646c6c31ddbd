<?php

declare(strict_types=1);

namespace B44SSO;

use FFI\CData;

/**
 * Runs b44_sso_get_access_tokens for Client::getAccessTokens() and turns its two C arrays
 * into one PHP array with the caller's keys.
 *
 * Not inside Log::attach(): the batch's requests run on library threads, and a PHP log
 * callback entered from one of them would corrupt the engine (PHP runs code on one thread).
 *
 * @internal
 */
final class AccessTokenBatch
{
    /**
     * @param array<array-key, string> $userIds
     * @return array<array-key, string|Base44Exception> the keys and order of $userIds
     * @throws InvalidArgumentException an id that is not a string or holds a NUL byte (nothing sent)
     */
    public static function fetch(CData $client, array $userIds): array
    {
        foreach ($userIds as $key => $userId) {
            $what = 'user id ' . Native::shown(var_export($key, true));
            if (!is_string($userId)) {
                throw new InvalidArgumentException("$what must be a string, got " . get_debug_type($userId));
            }
            Native::requireNoNul($userId, $what);
        }
        if ($userIds === []) {
            return [];
        }
        $ffi = Library::ffi();
        $ids = new CStringArray(array_values($userIds));
        $count = $ids->count();
        [$tokens, $errors] = [$ffi->new("char*[$count]"), $ffi->new("b44_error*[$count]")];
        $code = $ffi->b44_sso_get_access_tokens($client, $ids->pointer(), $count, $tokens, $errors);

        $results = [];
        $index = 0;
        foreach (array_keys($userIds) as $key) {
            $results[$key] = self::take($tokens[$index], $errors[$index]);
            $index++;
        }
        $failed = $code !== ErrorCode::OK->value;
        if ($failed && array_filter($results, fn ($r): bool => $r !== null) === []) {
            // A refusal of the whole call leaves every entry NULL: one exception for all.
            throw Native::takeException($code, null);
        }
        // An entry with neither token nor error (no memory for the error object).
        $missing = $failed ? $code : ErrorCode::INTERNAL->value;
        return array_map(fn ($r) => $r ?? Native::takeException($missing, null), $results);
    }

    /** The token or the exception of one entry (freeing the C copy); null when neither is set. */
    private static function take(?CData $token, ?CData $error): string|Base44Exception|null
    {
        if ($token !== null) {
            return Native::takeString($token);
        }
        if ($error !== null) {
            return Native::takeException(Library::ffi()->b44_error_code($error), $error);
        }
        return null;
    }
}
