<?php

declare(strict_types=1);

namespace B44SSO;

use FFI\CData;

/**
 * A `const char *[]` of PHP strings for one C call: NULL when empty (the header allows that
 * with a count of 0); every C copy stays referenced (alive) as long as this object.
 *
 * @internal
 */
final class CStringArray
{
    /** @var list<CData> */
    private array $buffers = [];
    private ?CData $array = null;
    private int $count;

    /** @param list<string> $strings checked for NUL bytes by the caller */
    public function __construct(#[\SensitiveParameter] array $strings)
    {
        $this->count = count($strings);
        if ($this->count === 0) {
            return;
        }
        $this->array = Library::ffi()->new("const char*[{$this->count}]");
        foreach (array_values($strings) as $i => $text) {
            $buffer = Native::cString($text);
            $this->buffers[] = $buffer;
            $this->array[$i] = \FFI::addr($buffer[0]);
        }
    }

    public function pointer(): ?CData
    {
        return $this->array;
    }

    public function count(): int
    {
        return $this->count;
    }

    public function __debugInfo(): array
    {
        return ['count' => $this->count]; // the strings may be tokens
    }
}
