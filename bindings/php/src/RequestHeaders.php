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
    /** @var list<CData> every C string stays referenced (alive) as long as this object */
    private array $buffers = [];
    private ?CData $names = null;
    private ?CData $values = null;
    private int $count = 0;

    /** @param array<string, string|list<string>> $headers */
    public function __construct(#[\SensitiveParameter] array $headers)
    {
        $pairs = [];
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
                $pairs[] = [$name, $one];
            }
        }
        $this->count = count($pairs);
        if ($this->count === 0) {
            return; // the C call takes NULL arrays with a count of 0
        }
        $ffi = Library::ffi();
        $this->names = $ffi->new("const char*[{$this->count}]");
        $this->values = $ffi->new("const char*[{$this->count}]");
        foreach ($pairs as $i => [$name, $value]) {
            $this->names[$i] = $this->keep(Native::cString($name));
            $this->values[$i] = $this->keep(Native::cString($value));
        }
    }

    public function names(): ?CData
    {
        return $this->names;
    }

    public function values(): ?CData
    {
        return $this->values;
    }

    public function count(): int
    {
        return $this->count;
    }

    /** Remembers the buffer and returns a char* to its first byte. */
    private function keep(CData $buffer): CData
    {
        $this->buffers[] = $buffer;
        return \FFI::addr($buffer[0]);
    }

    public function __debugInfo(): array
    {
        return ['count' => $this->count]; // values hold tokens
    }
}
