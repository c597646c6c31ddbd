<?php

declare(strict_types=1);

namespace B44SSO\Tests;

/**
 * Reads C declarations (the header, or the binding's FFI subset) into comparable form.
 * Types are normalised: parameter names dropped, spacing removed around '*'
 * ("const char *const *names" -> "const char*const*").
 */
final class CDeclarations
{
    /** @var array<string, array{string, list<string>}> name => [return type, parameter types] */
    public array $functions = [];
    /** @var array<string, array{string, list<string>}> function-pointer typedefs, same form */
    public array $callbacks = [];
    /** @var array<string, array<string, int>> enum name => [constant => value] */
    public array $enums = [];
    /** @var list<string> opaque struct typedef names */
    public array $structs = [];
    /** @var array<string, list<array{string, string}>> struct typedefs with a body: name => [[type, field], ...] */
    public array $records = [];

    public function __construct(string $source)
    {
        $text = preg_replace('~/\*.*?\*/~s', ' ', $source);
        $text = preg_replace('~//[^\n]*~', ' ', $text);
        $text = preg_replace('~#ifdef\s+__cplusplus.*?#endif~s', ' ', $text); // extern "C" guards
        $text = preg_replace('~^\s*#[^\n]*~m', ' ', $text);                   // other preprocessor lines
        // Struct bodies hold ';' too: read them before splitting into statements.
        $text = preg_replace_callback(
            '~typedef\s+struct\s+\w+\s*\{(.*?)\}\s*(\w+)\s*;~s',
            function (array $m): string {
                $this->records[$m[2]] = self::fields($m[1]);
                return ' ';
            },
            $text,
        );
        foreach (explode(';', $text) as $statement) {
            $this->read(trim(preg_replace('~\s+~', ' ', $statement)));
        }
    }

    public static function fromFile(string $path): self
    {
        $source = file_get_contents($path);
        if ($source === false) {
            throw new \RuntimeException("cannot read $path");
        }
        return new self($source);
    }

    /** The version string macro of the real header, e.g. "0.1.0". */
    public static function versionString(string $headerPath): string
    {
        if (!preg_match('~#define\s+B44SSO_VERSION_STRING\s+"([^"]+)"~', (string) file_get_contents($headerPath), $m)) {
            throw new \RuntimeException('no B44SSO_VERSION_STRING in ' . $headerPath);
        }
        return $m[1];
    }

    private function read(string $statement): void
    {
        if ($statement === '') {
            return;
        }
        if (preg_match('~^typedef enum (\w+) \{(.*)\} (\w+)$~', $statement, $m)) {
            preg_match_all('~(\w+) ?= ?(\d+)~', $m[2], $entries, PREG_SET_ORDER);
            $this->enums[$m[1]] = array_combine(array_column($entries, 1), array_map('intval', array_column($entries, 2)));
        } elseif (preg_match('~^typedef struct (\w+) (\w+)$~', $statement, $m)) {
            $this->structs[] = $m[2];
        } elseif (preg_match('~^typedef (.+?)\( ?\* ?(\w+) ?\) ?\((.*)\)$~', $statement, $m)) {
            $this->callbacks[$m[2]] = [self::canonical($m[1]), self::parameters($m[3])];
        } elseif (preg_match('~^(?:B44_EXPORT )?(.+?)\b(b44_\w+) ?\((.*)\)$~', $statement, $m)) {
            $this->functions[$m[2]] = [self::canonical($m[1]), self::parameters($m[3])];
        } else {
            throw new \RuntimeException("cannot read the C declaration '$statement'");
        }
    }

    /** @return list<array{string, string}> [type, name] per field */
    private static function fields(string $body): array
    {
        $fields = [];
        foreach (array_filter(array_map('trim', explode(';', $body))) as $field) {
            if (!preg_match('~^(.*?[\s*])(\w+)$~s', preg_replace('~\s+~', ' ', $field), $m)) {
                throw new \RuntimeException("cannot read the struct field '$field'");
            }
            $fields[] = [self::canonical($m[1]), $m[2]];
        }
        return $fields;
    }

    /** @return list<string> */
    private static function parameters(string $list): array
    {
        $list = trim($list);
        return $list === '' || $list === 'void' ? [] : array_map(self::parameterType(...), explode(',', $list));
    }

    private static function parameterType(string $parameter): string
    {
        if (!preg_match('~^(.*?[\s*])(\w+)$~s', trim($parameter), $m)) {
            throw new \RuntimeException("cannot read the C parameter '$parameter'");
        }
        return self::canonical($m[1]);
    }

    private static function canonical(string $type): string
    {
        return preg_replace('~\s*\*\s*~', '*', trim($type));
    }
}
