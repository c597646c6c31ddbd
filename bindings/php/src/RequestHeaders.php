<?php

declare(strict_types=1);

namespace B44SSO;

use FFI\CData;

/**
 * Turns a PHP header map into the two parallel C string arrays
 * b44_client_new_from_request_headers() takes.
 *
 * Accepted: ['Name' => 'value'] (getallheaders()) and ['Name' => ['value', ...]]
 * (PSR-7 getHeaders()); a list value gives one pair per element.
 *
 * @internal
 */
final class RequestHeaders
{
    private CStringArray $names;
    private CStringArray $values;

    /** @param array<string, string|list<string>> $headers */
    public function __construct(#[\SensitiveParameter] array $headers)
    {
        [$names, $values] = [[], []];
        foreach ($headers as $name => $value) {
            $name = (string) $name; // PHP turns numeric-string keys into ints
            foreach (is_array($value) ? $value : [$value] as $one) {
                if (!is_string($one)) {
                    throw new InvalidArgumentException(sprintf(
                        'header %s must be a string or a list of strings, got %s',
                        Native::shown($name),
                        get_debug_type($one),
                    ));
                }
                Native::requireNoNul($name, 'a header name');
                Native::requireNoNul($one, 'header ' . Native::shown($name));
                $names[] = $name;
                $values[] = $one;
            }
        }
        $this->names = new CStringArray($names);
        $this->values = new CStringArray($values);
    }

    public function names(): ?CData
    {
        return $this->names->pointer();
    }

    public function values(): ?CData
    {
        return $this->values->pointer();
    }

    public function count(): int
    {
        return $this->names->count();
    }

    public function __debugInfo(): array
    {
        return ['count' => $this->count()]; // values hold tokens
    }
}
