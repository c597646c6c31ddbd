# frozen_string_literal: true

module B44SSO
  # Builds a native b44_options from a Hash of keys and values, for one call.
  module NativeOptions
    module_function

    # Yields a b44_options holding `settings` ({key => value}; nil values are left at
    # their default), freed (and its secrets zeroed) afterwards.
    def with(settings)
      options = Native.b44_options_new
      raise OutOfMemoryError, "b44_options_new: out of memory" if options.null?

      begin
        settings.each do |key, value|
          next if value.nil?

          c_key = Text.to_c(key, "an option key")
          c_value = Text.to_c(value, "option #{key}")
          Call.checked { |err| Native.b44_options_set(options, c_key, c_value, err) }
        end
        yield options
      ensure
        Native.b44_options_free(options)
      end
    end
  end
end
