<?php

declare(strict_types=1);

namespace B44SSO;

/**
 * A call to Base44 (or its preparation) failed. Catch a subclass for one kind of
 * failure, or this class for all of them:
 *
 *     try {
 *         $token = $client->getAccessToken($userId);
 *     } catch (NotFoundException $e) {
 *         ...
 *     } catch (Base44Exception $e) {
 *         error_log("Base44 failed: {$e->kind} (HTTP {$e->status}): {$e->getMessage()}");
 *     }
 *
 * getMessage() is one line and never holds a secret; getCode() is the numeric b44_code.
 * The body is not part of the message or of (string) $e.
 */
class Base44Exception extends \RuntimeException
{
    /** The code a subclass stands for; null here (an unknown, newer code). */
    protected const CODE = null;

    /** The b44 code name, e.g. "B44_ERR_NOT_FOUND". */
    public readonly string $kind;

    /** HTTP status of the answer that failed, or null when there was no answer. */
    public readonly ?int $status;

    /** Base44's own error code (e.g. "NOT_FOUND"), or null. */
    public readonly ?string $apiCode;

    /** The error answer's body (at most 4096 bytes, secrets redacted), or null. */
    public readonly ?string $body;

    /**
     * @param string|null $kind the code name; defaults to the subclass's own code
     * @param int|null $code the numeric b44_code; defaults to the subclass's own code
     */
    public function __construct(
        string $message,
        ?string $kind = null,
        ?int $status = null,
        ?string $apiCode = null,
        ?string $body = null,
        ?int $code = null,
        ?\Throwable $previous = null,
    ) {
        parent::__construct($message, $code ?? static::CODE?->value ?? 0, $previous);
        $this->kind = $kind ?? static::CODE?->cName() ?? 'B44_ERR_UNKNOWN';
        $this->status = $status;
        $this->apiCode = $apiCode;
        $this->body = $body;
    }

    public function getKind(): string
    {
        return $this->kind;
    }

    public function getStatus(): ?int
    {
        return $this->status;
    }

    public function getApiCode(): ?string
    {
        return $this->apiCode;
    }

    public function getBody(): ?string
    {
        return $this->body;
    }
}
