import B44SSO

public typealias CLogHandler = @convention(c) (Int32, UnsafePointer<CChar>?, UnsafeMutableRawPointer?) -> Void

/// The C handler and its userdata; the caller promises both are usable from any thread.
private struct CLogTarget: @unchecked Sendable {
    let handler: CLogHandler
    let userdata: UnsafeMutableRawPointer?
}

@_cdecl("b44_set_log_threads")
public func b44_set_log_threads(_ threads: Int32) -> Int32 {
    guard let threads = LogThreads(rawValue: threads) else { return Base44Error.Kind.invalidArgument.rawValue }
    Log.deliver(on: threads)
    return 0
}

@_cdecl("b44_set_log_handler")
public func b44_set_log_handler(_ handler: CLogHandler?, _ userdata: UnsafeMutableRawPointer?, _ level: Int32) {
    guard let handler else { return Log.setHandler(nil, level: .error) }
    let target = CLogTarget(handler: handler, userdata: userdata)
    // Levels outside the enum are clamped rather than refused: this function cannot fail.
    let clamped = LogLevel(rawValue: min(max(level, LogLevel.error.rawValue), LogLevel.debug.rawValue)) ?? .debug
    Log.setHandler({ level, message in message.withCString { target.handler(level.rawValue, $0, target.userdata) } }, level: clamped)
}
