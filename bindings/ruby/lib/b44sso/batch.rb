# frozen_string_literal: true

module B44SSO
  # Runs b44_sso_get_access_tokens and turns its two out-arrays into one Ruby Array.
  module Batch
    module_function

    # One entry per user id, in order: the token (String) or the B44SSO::Error for that
    # user. Every native token and error is freed before this returns.
    def access_tokens(client, c_user_ids)
      count = c_user_ids.size
      tokens = FFI::MemoryPointer.new(:pointer, count)
      errors = FFI::MemoryPointer.new(:pointer, count)
      code = Native.b44_sso_get_access_tokens(client, Text.c_array(c_user_ids), count, tokens, errors)
      results = tokens.read_array_of_pointer(count).zip(errors.read_array_of_pointer(count))
                      .map { |token, error| take_result(token, error) }
      failed = code != Native::CODES[:B44_OK]
      # A refusal of the whole call leaves every entry NULL: one error for all.
      raise Call.describe(code, FFI::Pointer::NULL) if failed && results.all?(nil)

      # An entry with neither token nor error (no memory for the error object).
      missing = failed ? code : Native::CODES[:B44_ERR_INTERNAL]
      results.map { |result| result || Call.describe(missing, FFI::Pointer::NULL) }
    end

    # The token or the error of one entry; nil when the library set neither.
    def take_result(token, error)
      return Text.take(token) unless token.null?

      Call.error_from(Native.b44_error_code(error), error) unless error.null?
    end
  end
end
