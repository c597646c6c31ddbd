<?php

declare(strict_types=1);

namespace B44SSO;

use FFI;
use FFI\CData;

/**
 * A client of the Base44 SSO API over the native libb44sso.
 *
 *     $client = Client::fromOptions(['app_id' => 'my-app', 'service_token' => $token]);
 *     $accessToken = $client->getAccessToken('user-123');
 *     $client->close();
 *
 * No network traffic happens at creation. Every call blocks until Base44 answers or
 * timeout_ms (retries included) passes. One client reuses its connections, so keep it for
 * as long as you make calls. Failures throw a Base44Exception subclass; a closed client
 * throws ClientClosedException.
 *
 * Fork: a child process may keep using a client it inherited (the library leaves the
 * parent's connections alone and opens its own), but close() and the destructor do not
 * free it there: freeing would shut down connections the parent still uses. The child's
 * copy goes away when the child exits.
 */
final class Client
{
    /** b44_client*, or null once closed (or never opened: see __unserialize). */
    private ?CData $handle = null;
    /** The process that made the client: the only one that frees it. */
    private int $ownerPid = 0;

    private function __construct(CData $handle)
    {
        $this->handle = $handle;
        $this->ownerPid = getmypid();
    }

    /**
     * Creates a client from options (the keys of b44_options_set):
     * app_id, service_token, user_token, server_url (default https://base44.app; plain
     * http to loopback only), state, data_env (dev|prod), timeout_ms (default 15000),
     * connect_timeout_ms (5000), max_retries (2), ca_file, proxy, user_agent (sent after
     * "b44sso/VERSION"), cache (auto|off), cache_ttl_s (cache tokens without a known expiry
     * this long, at your risk; 0 = never, the default), cache_skew_s (60), cache_refresh_s
     * (300), cache_max_entries (10000), max_connections (8; also the batch's parallelism).
     * Values are strings or integers; null keeps the default.
     *
     * @param array<string, string|int|\Stringable|null> $options
     * @throws ConfigException no app id, no token, plain http to a non-loopback host, unreadable ca_file
     * @throws InvalidArgumentException unknown key or bad value (the message names the key)
     */
    public static function fromOptions(#[\SensitiveParameter] array $options): self
    {
        $ffi = Library::ffi();
        $native = NativeOptions::build($options);
        try {
            [$out, $error] = [$ffi->new('b44_client*'), Native::errorSlot()];
            Native::check($ffi->b44_client_new($native, FFI::addr($out), FFI::addr($error)), $error);
            return new self($out);
        } finally {
            $ffi->b44_options_free($native);
        }
    }

    /**
     * Creates a client from BASE44_APP_ID, BASE44_SERVICE_TOKEN, BASE44_USER_TOKEN,
     * BASE44_API_URL and BASE44_CA_FILE. The library reads the process environment, which
     * putenv() changes (not $_ENV or $_SERVER). PHP-FPM clears the environment unless
     * clear_env = no or the pool sets env[...].
     *
     * @throws ConfigException
     */
    public static function fromEnv(): self
    {
        $ffi = Library::ffi();
        [$out, $error] = [$ffi->new('b44_client*'), Native::errorSlot()];
        Native::check($ffi->b44_client_new_from_env(FFI::addr($out), FFI::addr($error)), $error);
        return new self($out);
    }

    /**
     * Creates a client from the headers of an incoming Base44 platform request, as the
     * JavaScript SDK's createClientFromRequest does. Pass getallheaders() or a PSR-7
     * $request->getHeaders(); names are case-insensitive.
     *
     * Reads Base44-App-Id (required), Base44-Service-Authorization and Authorization
     * (each exactly "Bearer <token>" when present), Base44-Api-Url, Base44-State and
     * X-Data-Env (dev|prod); ignores the rest.
     *
     * @param array<string, string|list<string>> $headers
     * @throws ConfigException no Base44-App-Id, or no token at all
     * @throws InvalidArgumentException a malformed Bearer header, a NUL character
     */
    public static function fromRequestHeaders(#[\SensitiveParameter] array $headers): self
    {
        $ffi = Library::ffi();
        $list = new RequestHeaders($headers);
        [$out, $error] = [$ffi->new('b44_client*'), Native::errorSlot()];
        $code = $ffi->b44_client_new_from_request_headers(
            $list->names(),
            $list->values(),
            $list->count(),
            FFI::addr($out),
            FFI::addr($error),
        );
        Native::check($code, $error);
        return new self($out);
    }

    /** The native library's version, e.g. "0.1.0". */
    public static function libraryVersion(): string
    {
        return Library::version();
    }

    /**
     * The SSO access token Base44 holds for $userId. Needs a service token.
     *
     * @param string $userId non-empty UTF-8, at most 1024 bytes, no control characters
     * @throws Base44Exception
     */
    public function getAccessToken(string $userId): string
    {
        return $this->fetchToken('b44_sso_get_access_token', $userId);
    }

    /**
     * The OIDC ID token Base44 holds for $userId. Same rules as getAccessToken().
     *
     * @throws Base44Exception
     */
    public function getIdToken(string $userId): string
    {
        return $this->fetchToken('b44_sso_get_id_token', $userId);
    }

    /**
     * The access tokens of many users at once, under the keys and in the order of $userIds.
     * The library fetches them concurrently over at most max_connections connections,
     * fetches a repeated id once, and answers from the token cache where it can.
     *
     * By default the first failure (in $userIds order) is thrown, as getAccessToken() would
     * throw it. With $throwOnError false nothing is thrown for a user: that user's entry is
     * the Base44Exception instead of a token. Log lines of this call are not delivered (its
     * requests run on library threads; see Log).
     *
     * @param array<array-key, string> $userIds
     * @return array<array-key, string|Base44Exception>
     * @throws InvalidArgumentException an id that is not a string or holds a NUL byte (nothing is sent)
     * @throws Base44Exception the first failure, unless $throwOnError is false
     */
    public function getAccessTokens(array $userIds, bool $throwOnError = true): array
    {
        $results = AccessTokenBatch::fetch($this->handle(), $userIds);
        if ($throwOnError) {
            foreach ($results as $result) {
                if ($result instanceof Base44Exception) {
                    throw $result;
                }
            }
        }
        return $results;
    }

    /**
     * Drops the cached tokens of $userId from the process-wide token cache, for every client
     * of the process (e.g. after revoking the user's access).
     *
     * @throws InvalidArgumentException a NUL byte in $userId
     */
    public function invalidate(string $userId): void
    {
        $handle = $this->handle();
        Native::requireNoNul($userId, 'user_id');
        Native::checkCode(Library::ffi()->b44_client_invalidate($handle, $userId));
    }

    /** This client's counters since it was created. */
    public function stats(): Stats
    {
        $handle = $this->handle();
        $ffi = Library::ffi();
        $native = $ffi->new('b44_stats');
        Native::checkCode($ffi->b44_client_stats($handle, FFI::addr($native), FFI::sizeof($native)));
        return Stats::fromNative($native);
    }

    /**
     * The user who owns the client's user token (id, email, role, ...). Needs a user token.
     *
     * @return array<string, mixed>
     * @throws Base44Exception
     */
    public function me(): array
    {
        $json = $this->meJson();
        try {
            $user = json_decode($json, true, 512, JSON_THROW_ON_ERROR);
        } catch (\JsonException $e) {
            throw new ProtocolException('the user is not valid JSON: ' . $e->getMessage(), previous: $e);
        }
        if (!is_array($user) || array_is_list($user) && $user !== []) {
            throw new ProtocolException('the user is not a JSON object');
        }
        return $user;
    }

    /**
     * The same user as me(), as the JSON object text Base44 sent.
     *
     * @throws Base44Exception
     */
    public function meJson(): string
    {
        $handle = $this->handle();
        [$out, $error] = [Native::stringSlot(), Native::errorSlot()];
        $logging = Log::attach();
        try {
            $code = Library::ffi()->b44_auth_me($handle, FFI::addr($out), FFI::addr($error));
        } finally {
            $logging && Log::detach();
        }
        Native::check($code, $error);
        return Native::takeString($out);
    }

    /** True once close() has run. */
    public function isClosed(): bool
    {
        return $this->handle === null;
    }

    /**
     * Frees the native client: closes its connections and zeroes the secrets it held.
     * Calling it again does nothing. In a forked child it only forgets the client (see
     * the class comment).
     */
    public function close(): void
    {
        $handle = $this->handle;
        $this->handle = null;
        if ($handle !== null && getmypid() === $this->ownerPid) {
            Library::ffi()->b44_client_free($handle);
        }
    }

    public function __destruct()
    {
        $this->close();
    }

    /** var_dump() and print_r() show this, never a token. */
    public function __debugInfo(): array
    {
        return ['closed' => $this->isClosed()];
    }

    /**
     * Private, so `clone` fails (with an \Error) before a copy exists: a copy would free the
     * same native client twice. Share the one object instead.
     */
    private function __clone()
    {
    }

    public function __serialize(): array
    {
        throw new \LogicException('a B44SSO\Client cannot be serialized');
    }

    /** @param array<mixed> $data */
    public function __unserialize(array $data): void
    {
        throw new \LogicException('a B44SSO\Client cannot be unserialized');
    }

    private function fetchToken(string $function, string $userId): string
    {
        $handle = $this->handle();
        Native::requireNoNul($userId, 'user_id');
        [$out, $error] = [Native::stringSlot(), Native::errorSlot()];
        $logging = Log::attach();
        try {
            $code = Library::ffi()->$function($handle, $userId, FFI::addr($out), FFI::addr($error));
        } finally {
            $logging && Log::detach();
        }
        Native::check($code, $error);
        return Native::takeString($out);
    }

    private function handle(): CData
    {
        if ($this->handle === null) {
            throw new ClientClosedException('this B44SSO\Client is closed');
        }
        return $this->handle;
    }
}
