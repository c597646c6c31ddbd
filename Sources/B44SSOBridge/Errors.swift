import B44SSO
import Glibc

/// The object behind `b44_error *`: the error's fields as C strings that live as long as it.
final class ErrorBox {
    let code: Int32
    let httpStatus: Int32
    let message: UnsafeMutablePointer<CChar>?
    let apiCode: UnsafeMutablePointer<CChar>?
    let body: UnsafeMutablePointer<CChar>?

    private init(_ error: Base44Error) {
        code = error.kind.rawValue
        httpStatus = Int32(clamping: error.httpStatus)
        message = strdup(error.message)
        apiCode = error.apiCode.flatMap { strdup($0) }
        body = error.body.flatMap { strdup($0) }
    }

    deinit {
        free(message)
        free(apiCode)
        free(body)
    }

    static func make(_ error: Base44Error) -> OpaquePointer { retainedPointer(ErrorBox(error)) }
}

@_cdecl("b44_error_code")
public func b44_error_code(_ error: OpaquePointer?) -> Int32 {
    borrow(error, as: ErrorBox.self)?.code ?? 0
}

@_cdecl("b44_error_http_status")
public func b44_error_http_status(_ error: OpaquePointer?) -> Int32 {
    borrow(error, as: ErrorBox.self)?.httpStatus ?? 0
}

@_cdecl("b44_error_message")
public func b44_error_message(_ error: OpaquePointer?) -> UnsafePointer<CChar>? {
    guard let box = borrow(error, as: ErrorBox.self) else { return nil }
    // strdup can only fail when memory is exhausted; the message is never NULL for an error.
    return UnsafePointer(box.message) ?? borrowed("out of memory")
}

@_cdecl("b44_error_api_code")
public func b44_error_api_code(_ error: OpaquePointer?) -> UnsafePointer<CChar>? {
    UnsafePointer(borrow(error, as: ErrorBox.self)?.apiCode)
}

@_cdecl("b44_error_body")
public func b44_error_body(_ error: OpaquePointer?) -> UnsafePointer<CChar>? {
    UnsafePointer(borrow(error, as: ErrorBox.self)?.body)
}

@_cdecl("b44_error_free")
public func b44_error_free(_ error: OpaquePointer?) {
    release(error, as: ErrorBox.self)
}
