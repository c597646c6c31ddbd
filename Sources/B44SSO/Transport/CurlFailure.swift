import CCurl

/// What a libcurl failure means to a caller, and whether another try may help.
enum CurlFailure {
    static func classify(_ code: CURLcode, detail: String, bodyTooLarge: Bool) -> (kind: Base44Error.Kind, message: String, retryable: Bool) {
        if bodyTooLarge { return (.protocol, "the answer is larger than 1 MiB", false) }
        switch code {
        case CURLE_OPERATION_TIMEDOUT:
            // A connect timeout with time left on the deadline is worth another try; the
            // caller stops when the deadline itself has passed.
            return (.timeout, "timed out: \(detail)", true)
        case CURLE_COULDNT_CONNECT, CURLE_SEND_ERROR, CURLE_RECV_ERROR, CURLE_GOT_NOTHING, CURLE_PARTIAL_FILE,
            CURLE_HTTP2, CURLE_HTTP2_STREAM:
            return (.network, detail, true)
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            return (.network, detail, false)
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
            CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH,
            CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_CRL_BADFILE, CURLE_SSL_SHUTDOWN_FAILED, CURLE_USE_SSL_FAILED,
            CURLE_SSL_ENGINE_NOTFOUND, CURLE_SSL_ENGINE_SETFAILED, CURLE_SSL_ENGINE_INITFAILED, CURLE_SSL_CLIENTCERT:
            return (.tls, "TLS failure: \(detail)", false)
        case CURLE_OUT_OF_MEMORY:
            return (.noMemory, "out of memory", false)
        case CURLE_WEIRD_SERVER_REPLY, CURLE_BAD_CONTENT_ENCODING, CURLE_UNSUPPORTED_PROTOCOL:
            return (.protocol, "the server's answer is not valid HTTP: \(detail)", false)
        case CURLE_URL_MALFORMAT:
            return (.config, "the request URL is malformed: \(detail)", false)
        default:
            return (.network, detail, false)
        }
    }
}
