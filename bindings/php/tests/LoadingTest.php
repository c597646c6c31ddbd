<?php

declare(strict_types=1);

// Finding the library, the version check, and the ways FFI can be set up (each in a
// fresh PHP process).

namespace B44SSO\Tests;

use B44SSO\Client;
use B44SSO\Library;
use B44SSO\LibraryException;

/**
 * Runs $code in a new PHP process with the binding's autoloader, the given -d settings
 * and environment changes (null unsets a variable). Returns [exit status, stdout, stderr].
 *
 * @return array{int, string, string}
 */
function run_php(string $code, array $ini = ['ffi.enable' => '1'], array $env = []): array
{
    $environment = array_merge(getenv(), $env);
    $environment = array_filter($environment, fn ($value): bool => $value !== null);
    $command = [PHP_BINARY];
    foreach ($ini as $name => $value) {
        array_push($command, '-d', "$name=$value");
    }
    $autoload = var_export(realpath(__DIR__ . '/../src/autoload.php'), true);
    array_push($command, '-r', "require $autoload; $code");
    $process = proc_open($command, [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes, null, $environment);
    $out = stream_get_contents($pipes[1]);
    $err = stream_get_contents($pipes[2]);
    return [proc_close($process), $out, $err];
}

const PRINT_LOAD_RESULT = 'try { echo B44SSO\Library::source(), "|", B44SSO\Client::libraryVersion(); }'
    . ' catch (B44SSO\LibraryException $e) { echo get_class($e), ": ", $e->getMessage(); }';

test('the library version is the one this binding supports', function (): void {
    $version = Client::libraryVersion();
    assertTrue((bool) preg_match('/^\d+\.\d+\.\d+$/', $version), "MAJOR.MINOR.PATCH: $version");
    assertSame(explode('.', Library::HEADER_VERSION)[0], explode('.', $version)[0], 'major version');
});

test('the version check accepts the same major version only', function (): void {
    Library::checkVersion('0.1.0', 'test');
    Library::checkVersion('0.9.12', 'test');
    foreach (['1.0.0', '10.1.0', '', 'garbage'] as $version) {
        $e = assertThrows(LibraryException::class, fn () => Library::checkVersion($version, '/lib/x.so'));
        assertContains('/lib/x.so', $e->getMessage(), 'message names the library');
    }
});

test('B44SSO_LIBRARY picks the library file', function (): void {
    [$status, $out] = run_php(PRINT_LOAD_RESULT);
    assertSame(0, $status, 'exit status');
    assertSame(getenv('B44SSO_LIBRARY') . '|' . Client::libraryVersion(), $out, 'source and version');
});

test('a wrong B44SSO_LIBRARY is one clear LibraryException', function (): void {
    [, $out] = run_php(PRINT_LOAD_RESULT, env: ['B44SSO_LIBRARY' => '/nonexistent/libb44sso.so']);
    assertContains('B44SSO\LibraryException', $out, 'exception');
    assertContains('/nonexistent/libb44sso.so', $out, 'the path tried');
    assertContains('B44SSO_LIBRARY', $out, 'the hint');
});

test('without B44SSO_LIBRARY the loader finds libb44sso.so.0 on its search path', function (): void {
    $dir = dirname((string) getenv('B44SSO_LIBRARY'));
    [, $out] = run_php(PRINT_LOAD_RESULT, env: ['B44SSO_LIBRARY' => null, 'LD_LIBRARY_PATH' => $dir]);
    assertSame('libb44sso.so.0|' . Client::libraryVersion(), $out, 'source and version');
});

test('FFI disabled by ffi.enable=0 is a LibraryException that says how to enable it', function (): void {
    [, $out] = run_php(PRINT_LOAD_RESULT, ['ffi.enable' => '0']);
    assertContains('B44SSO\LibraryException', $out, 'exception');
    assertContains('ffi.enable', $out, 'the hint');
});

/** As in the README: a copy of b44sso_ffi.h with FFI_LIB set to an absolute path. */
function preload_header(): string
{
    $header = tempnam(sys_get_temp_dir(), 'b44sso_ffi_');
    $text = (string) file_get_contents(Library::DECLARATIONS);
    $text = preg_replace('/^#define FFI_LIB .*$/m', '#define FFI_LIB "' . getenv('B44SSO_LIBRARY') . '"', $text);
    file_put_contents($header, $text);
    return $header;
}

test('ffi.preload of b44sso_ffi.h gives the FFI scope the binding uses', function (): void {
    $header = preload_header();
    try {
        $code = PRINT_LOAD_RESULT . ' echo "|", B44SSO\Client::fromOptions(["app_id" => getenv("B44SSO_TEST_APP_ID"),'
            . ' "service_token" => getenv("B44SSO_TEST_SERVICE_TOKEN"), "server_url" => getenv("B44SSO_TEST_URL")])'
            . '->getAccessToken("preloaded");';
        [$status, $out, $err] = run_php($code, ['ffi.enable' => 'preload', 'ffi.preload' => $header], ['B44SSO_LIBRARY' => '/nonexistent/so']);
        assertSame(0, $status, "exit status ($err)");
        assertSame('ffi scope B44SSO|' . Client::libraryVersion() . '|at-preloaded', $out, 'output');
    } finally {
        @unlink($header);
    }
});

test('the FPM setup of the README: ffi.preload plus preload.php under opcache.preload', function (): void {
    $header = preload_header();
    try {
        $ini = [
            'ffi.enable' => 'preload', 'ffi.preload' => $header, 'opcache.enable_cli' => '1',
            'opcache.preload' => realpath(__DIR__ . '/../preload.php'), 'opcache.preload_user' => (string) get_current_user(),
        ];
        $code = '$c = opcache_get_status()["preload_statistics"]["classes"] ?? [];'
            . ' echo in_array("B44SSO\\\\Client", $c, true) && in_array("B44SSO\\\\Native", $c, true) ? "preloaded|" : "not preloaded|";'
            . PRINT_LOAD_RESULT;
        [$status, $out, $err] = run_php($code, $ini);
        assertSame(0, $status, "exit status ($err)");
        assertSame('preloaded|ffi scope B44SSO|' . Client::libraryVersion(), $out, 'output');
    } finally {
        @unlink($header);
    }
});

test('the README\'s other FPM setup: FFI::load() in the opcache.preload script (non-root)', function (): void {
    // PHP refuses FFI::load() with opcache.preload_user, which root needs: run as nobody,
    // from a copy of the binding and library in a directory anyone can read.
    $dir = sys_get_temp_dir() . '/b44sso-php-preload-' . getmypid();
    @mkdir("$dir/src", 0755, true);
    chmod($dir, 0755);
    try {
        foreach (glob(__DIR__ . '/../src/*.php') as $file) {
            copy($file, "$dir/src/" . basename($file));
        }
        copy(__DIR__ . '/../preload.php', "$dir/preload.php");
        copy((string) getenv('B44SSO_LIBRARY'), "$dir/libb44sso.so.0");
        $header = preg_replace('/^#define FFI_LIB .*$/m', "#define FFI_LIB \"$dir/libb44sso.so.0\"", (string) file_get_contents(Library::DECLARATIONS));
        file_put_contents("$dir/b44sso_ffi.h", $header);
        file_put_contents("$dir/ffi_load.php", "<?php\nFFI::load('$dir/b44sso_ffi.h');\nrequire '$dir/preload.php';\n");
        array_map(fn (string $f) => chmod($f, 0644), glob("$dir/{,src/}*.*", GLOB_BRACE));
        $command = [PHP_BINARY, '-d', 'opcache.enable_cli=1', '-d', "opcache.preload=$dir/ffi_load.php",
            '-d', 'ffi.enable=preload', '-r', 'echo B44SSO\Library::source(), "|", B44SSO\Client::libraryVersion();'];
        if (posix_geteuid() === 0) {
            $command = array_merge(['runuser', '-u', 'nobody', '--'], $command);
        }
        $process = proc_open($command, [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes, $dir, array_merge(getenv(), ['B44SSO_LIBRARY' => '/nonexistent/so']));
        $out = stream_get_contents($pipes[1]);
        $err = stream_get_contents($pipes[2]);
        assertSame(0, proc_close($process), "exit status ($err)");
        assertSame('ffi scope B44SSO|' . Client::libraryVersion(), $out, 'output');
    } finally {
        array_map('unlink', glob("$dir/{,src/}*.*", GLOB_BRACE));
        @rmdir("$dir/src");
        @rmdir($dir);
    }
});

test('the example prints a token', function (): void {
    $command = [PHP_BINARY, '-d', 'ffi.enable=1', __DIR__ . '/../examples/fetch_token.php', 'example-user'];
    $env = array_merge(getenv(), [
        'BASE44_APP_ID' => StandIn::appId(),
        'BASE44_SERVICE_TOKEN' => StandIn::serviceToken(),
        'BASE44_API_URL' => StandIn::url(),
    ]);
    $process = proc_open($command, [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes, null, $env);
    $out = stream_get_contents($pipes[1]);
    $err = stream_get_contents($pipes[2]);
    assertSame(0, proc_close($process), "exit status ($err)");
    assertSame("at-example-user\n", $out, 'output');
});
