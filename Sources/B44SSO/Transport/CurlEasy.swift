import CCurl
import Glibc

/// The outcome of one HTTP exchange, before it means anything to the Base44 API.
enum TransferOutcome {
    /// The server answered with a complete response.
    case answered(HTTPAnswer)
    /// No complete answer: `status` is the HTTP status if one had arrived (else 0).
    case failed(code: CURLcode, detail: String, status: Int, bodyTooLarge: Bool)
}

extension TransferOutcome {
    /// A short description for the log: the status, or the failure. Holds no body.
    var summary: String {
        switch self {
        case .answered(let answer): "HTTP \(answer.status), \(answer.body.count) bytes"
        case .failed(let code, _, let status, _): "failed (libcurl \(code.rawValue)\(status == 0 ? "" : ", HTTP \(status)"))"
        }
    }
}

struct HTTPAnswer {
    let status: Int
    let body: [UInt8]
    let retryAfter: String?
    let connectorError: String?
}

/// One libcurl easy handle with the buffers its callbacks fill. A handle keeps its
/// connections open between transfers, so reusing handles is what reuses connections.
/// Used by one thread at a time (the pool hands it out exclusively).
final class CurlEasy: @unchecked Sendable {  // one thread at a time: see HandlePool
    private let handle: UnsafeMutableRawPointer
    /// The request URL, parsed once: each call replaces only its path, which spares libcurl
    /// parsing and re-assembling the whole URL on every transfer.
    private let url: OpaquePointer
    private let errorBuffer: UnsafeMutablePointer<CChar>
    private let maxBodyBytes: Int
    /// When the handle was created; after fork() its connections belong to the parent.
    let forkGeneration = ForkGuard.generation

    private var currentHeaders: UnsafeMutablePointer<curl_slist>?
    private var currentConnectTimeout = 0

    // Filled by the callbacks during `perform`.
    fileprivate var body: [UInt8] = []
    fileprivate var bodyTooLarge = false
    fileprivate var retryAfter: String?
    fileprivate var connectorError: String?

    init(settings: TransferSettings) throws(Base44Error) {
        try CurlGlobal.ensureInitialised()
        // libcurl guards its global state with a spinlock that curl_easy_init takes: a fork()
        // while another thread holds it would leave a child spinning forever in its first
        // curl_easy_init, so the fork guard keeps fork() out of it.
        guard let handle = ForkGuard.shared({ curl_easy_init() }) else {
            throw Base44Error(.noMemory, "libcurl could not create a handle")
        }
        guard let url = curl_url() else {
            curl_easy_cleanup(handle)
            throw Base44Error(.noMemory, "libcurl could not create a URL handle")
        }
        self.handle = handle
        self.url = url
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        maxBodyBytes = settings.maxBodyBytes
        try configure(settings)
    }

    deinit {
        curl_easy_cleanup(handle)
        curl_url_cleanup(url)
        errorBuffer.deallocate()
    }

    private func configure(_ settings: TransferSettings) throws(Base44Error) {
        let me = Unmanaged.passUnretained(self).toOpaque()
        guard curl_url_set(url, CURLUPART_URL, settings.origin + "/", 0) == CURLUE_OK else {
            throw .config("libcurl cannot use the server_url")
        }
        var results: [CURLcode] = [
            // Signals are process-wide: a library must not use them for its timeouts.
            ccurl_setopt_long(handle, CURLOPT_NOSIGNAL, 1),
            ccurl_setopt_pointer(handle, CURLOPT_CURLU, UnsafeMutableRawPointer(url)),
            ccurl_setopt_long(handle, CURLOPT_FOLLOWLOCATION, 0),
            ccurl_setopt_string(handle, CURLOPT_PROTOCOLS_STR, "http,https"),
            ccurl_setopt_long(handle, CURLOPT_SSL_VERIFYPEER, 1),
            ccurl_setopt_long(handle, CURLOPT_SSL_VERIFYHOST, 2),
            ccurl_setopt_long(handle, CURLOPT_SSLVERSION, Int(CURL_SSLVERSION_TLSv1_2)),
            // The path is encoded segment by segment already; never let curl re-resolve dots.
            ccurl_setopt_long(handle, CURLOPT_PATH_AS_IS, 1),
            ccurl_setopt_long(handle, CURLOPT_TCP_KEEPALIVE, 1),
            ccurl_setopt_long(handle, CURLOPT_MAXFILESIZE, settings.maxBodyBytes),
            ccurl_setopt_string(handle, CURLOPT_USERAGENT, settings.userAgent),
            // Only an explicit proxy is used; "" also turns off the *_proxy environment variables.
            ccurl_setopt_string(handle, CURLOPT_PROXY, settings.proxy ?? ""),
            ccurl_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer),
            ccurl_setopt_data_callback(handle, CURLOPT_WRITEFUNCTION, curlWriteCallback),
            ccurl_setopt_pointer(handle, CURLOPT_WRITEDATA, me),
            ccurl_setopt_data_callback(handle, CURLOPT_HEADERFUNCTION, curlHeaderCallback),
            ccurl_setopt_pointer(handle, CURLOPT_HEADERDATA, me),
        ]
        // An extra CA bundle; libcurl keeps the system's CA directory as well (CAPATH).
        if let caFile = settings.caFile { results.append(ccurl_setopt_string(handle, CURLOPT_CAINFO, caFile)) }
        if let failed = results.first(where: { $0 != CURLE_OK }) {
            throw Base44Error(.internal, "libcurl refused an option: \(String(cString: curl_easy_strerror(failed)))")
        }
    }

    /// Sends one GET of `path` (NUL-terminated, already encoded) to the origin and waits
    /// for its answer or failure.
    func perform(path: [UInt8], headers: HeaderList, timeoutMilliseconds: Int, connectTimeoutMilliseconds: Int)
        -> TransferOutcome
    {
        body.removeAll(keepingCapacity: true)
        bodyTooLarge = false
        retryAfter = nil
        connectorError = nil
        errorBuffer[0] = 0
        let pathSet = path.withUnsafeBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) { curl_url_set(url, CURLUPART_PATH, $0.baseAddress, 0) }
        }
        guard pathSet == CURLUE_OK else {
            return .failed(code: CURLE_OUT_OF_MEMORY, detail: "libcurl could not set the request path", status: 0, bodyTooLarge: false)
        }
        // Options that rarely change are set only when they do: each call costs libcurl work.
        // The header list belongs to the same client as this handle, so it outlives the setting.
        if headers.pointer != currentHeaders {
            _ = ccurl_setopt_slist(handle, CURLOPT_HTTPHEADER, headers.pointer)
            currentHeaders = headers.pointer
        }
        let connectTimeout = max(1, connectTimeoutMilliseconds)
        if connectTimeout != currentConnectTimeout {
            _ = ccurl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, connectTimeout)
            currentConnectTimeout = connectTimeout
        }
        _ = ccurl_setopt_long(handle, CURLOPT_TIMEOUT_MS, max(1, timeoutMilliseconds))

        let code = curl_easy_perform(handle)
        var status = 0
        _ = ccurl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        if code == CURLE_OK {
            return .answered(HTTPAnswer(status: status, body: body, retryAfter: retryAfter, connectorError: connectorError))
        }
        let detail = errorBuffer[0] != 0 ? String(cString: errorBuffer) : String(cString: curl_easy_strerror(code))
        body.removeAll()
        return .failed(code: code, detail: detail, status: status, bodyTooLarge: bodyTooLarge || code == CURLE_FILESIZE_EXCEEDED)
    }

    /// For a child process after fork(): closes this process's descriptor of the handle's
    /// connection without any protocol shutdown (a TLS close_notify would end the parent's
    /// session too), and forgets the handle for good, since libcurl would otherwise close the
    /// connection properly when the handle is cleaned up.
    func abandonInheritedConnection() {
        var socket: curl_socket_t = CURL_SOCKET_BAD
        if ccurl_getinfo_socket(handle, CURLINFO_ACTIVESOCKET, &socket) == CURLE_OK, socket != CURL_SOCKET_BAD {
            close(socket)
        }
        Self.abandoned.withLock { $0.append(self) }  // never released: see above
    }

    /// Handles inherited across fork(), kept (not leaked) so that they are never cleaned up.
    private static let abandoned = Locked<[CurlEasy]>([])

    /// Takes body bytes as they arrive; refuses (and so aborts the transfer) past the cap.
    fileprivate func appendBody(_ bytes: UnsafeRawBufferPointer) -> Int {
        if body.count + bytes.count > maxBodyBytes {
            bodyTooLarge = true
            return 0
        }
        body.append(contentsOf: bytes)
        return bytes.count
    }

    /// Keeps the few response headers the library reads, looking at bytes only (this runs
    /// for every header line of every answer). A status line starts a new response (after a
    /// 1xx), so it forgets the previous ones.
    fileprivate func takeHeaderLine(_ line: UnsafeRawBufferPointer) {
        guard let first = line.first else { return }
        switch first | 0x20 {  // ASCII lower case
        case UInt8(ascii: "h") where Self.hasPrefix(line, "http/"):
            retryAfter = nil
            connectorError = nil
        case UInt8(ascii: "r") where Self.hasPrefix(line, "retry-after:"):
            retryAfter = Self.value(of: line, after: "retry-after:")
        case UInt8(ascii: "x") where Self.hasPrefix(line, "x-base44-connector-error:"):
            connectorError = Self.value(of: line, after: "x-base44-connector-error:")
        default:
            break
        }
    }

    /// Case-insensitive ASCII prefix test; `prefix` is lower case.
    private static func hasPrefix(_ line: UnsafeRawBufferPointer, _ prefix: StaticString) -> Bool {
        let count = prefix.utf8CodeUnitCount
        guard line.count >= count else { return false }
        let expected = UnsafeBufferPointer(start: prefix.utf8Start, count: count)
        for index in 0..<count where line[index] | 0x20 != expected[index] | 0x20 { return false }
        return true
    }

    private static func value(of line: UnsafeRawBufferPointer, after name: StaticString) -> String {
        String(decoding: line[name.utf8CodeUnitCount...], as: UTF8.self).trimmingSpaces
    }
}

// libcurl calls these C function pointers; userdata is the CurlEasy, which `perform` keeps
// alive for the whole transfer, so the callbacks borrow it without a retain of their own.
private let curlWriteCallback: ccurl_data_callback = { data, size, count, userdata in
    guard let data, let userdata, size == 1 else { return 0 }
    return Unmanaged<CurlEasy>.fromOpaque(userdata)._withUnsafeGuaranteedRef { easy in
        easy.appendBody(UnsafeRawBufferPointer(start: data, count: count))
    }
}

private let curlHeaderCallback: ccurl_data_callback = { data, size, count, userdata in
    guard let data, let userdata, size == 1 else { return 0 }
    Unmanaged<CurlEasy>.fromOpaque(userdata)._withUnsafeGuaranteedRef { easy in
        easy.takeHeaderLine(UnsafeRawBufferPointer(start: data, count: count))
    }
    return count
}
