<?php

declare(strict_types=1);

namespace B44SSO\Tests;

/**
 * A second stand-in of our own, serving HTTPS with a throwaway certificate (openssl CLI),
 * for tests that need TLS. stop() ends it; so does the end of this process (its stdin).
 */
final class TlsStandIn
{
    private $process;
    private array $pipes = [];
    public readonly string $url;
    public readonly string $caFile;

    public function __construct()
    {
        $dir = sys_get_temp_dir() . '/b44sso-php-tls-' . getmypid();
        @mkdir($dir, 0700);
        [$this->caFile, $key] = ["$dir/cert.pem", "$dir/key.pem"];
        if (!is_file($this->caFile)) {
            exec(sprintf(
                'openssl req -x509 -newkey rsa:2048 -nodes -keyout %s -out %s -days 2 -subj /CN=localhost'
                . ' -addext subjectAltName=IP:127.0.0.1 2>/dev/null',
                escapeshellarg($key),
                escapeshellarg($this->caFile),
            ), $output, $status);
            assertSame(0, $status, 'openssl made a certificate');
        }
        $script = getenv('B44SSO_STANDIN') ?: __DIR__ . '/../../../../Tests/StandIn/base44_standin.py';
        $this->process = proc_open(
            ['python3', $script, '--host', '127.0.0.1', '--port', '0', '--app-id', StandIn::appId(),
             '--service-token', StandIn::serviceToken(), '--tls-cert', $this->caFile, '--tls-key', $key,
             '--exit-on-stdin-eof'],
            [0 => ['pipe', 'r'], 1 => ['pipe', 'w']],
            $this->pipes,
        );
        $line = (string) fgets($this->pipes[1]);
        assertTrue(str_starts_with($line, 'READY '), "the TLS stand-in started: $line");
        $this->url = 'https://127.0.0.1:' . (int) substr($line, 6);
    }

    /** @return array{connections: int, requests: int, redirect_target_hits: int} */
    public function stats(): array
    {
        $context = stream_context_create(['ssl' => ['cafile' => $this->caFile, 'peer_name' => '127.0.0.1']]);
        return json_decode((string) file_get_contents($this->url . '/__admin/stats', false, $context), true);
    }

    public function stop(): void
    {
        fclose($this->pipes[0]); // --exit-on-stdin-eof
        fclose($this->pipes[1]);
        proc_close($this->process);
        $dir = dirname($this->caFile);
        array_map('unlink', glob("$dir/*.pem"));
        @rmdir($dir);
    }
}
