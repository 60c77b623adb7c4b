function __numaschema_should_offer_completions_for_flags_or_options -a expected_commands
    set -l non_repeating_flags_or_options $argv[2..]
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __numaschema_parse_tokens
    test "$commands" = "$expected_commands"; and return $non_repeating_flags_or_options_absent
end

function __numaschema_should_offer_completions_for_positional -a expected_commands positional_index_comparison expected_positional_index
    set -l non_repeating_flags_or_options
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __numaschema_parse_tokens
    test "$commands" = "$expected_commands" -a \( "$positional_index" "$positional_index_comparison" "$expected_positional_index" \)
end

function __numaschema_parse_tokens -S
    set -l unparsed_tokens (__numaschema_tokens -pc)
    switch $unparsed_tokens[1]
    case 'numaschema'
        __numaschema_parse_subcommand 0 'version' 'h/help'
        switch $unparsed_tokens[1]
        case 'validate'
            __numaschema_parse_subcommand -r 1 'connect=+' 'domain=+' 'quiet' 'strict' 'warnings-as-errors' 'disable=+' 'max-size=' 'schema=' 'driver=' 'qemu-version=' 'format=' 'jobs=' 'version' 'h/help'
        case 'canonicalize'
            __numaschema_parse_subcommand -r 1 'quiet' 'strict' 'warnings-as-errors' 'disable=+' 'max-size=' 'schema=' 'driver=' 'qemu-version=' 'distances=' 'o/output=' 'in-place' 'check' 'diff' 'format=' 'jobs=' 'version' 'h/help'
        case 'show'
            __numaschema_parse_subcommand -r 1 'quiet' 'strict' 'warnings-as-errors' 'disable=+' 'max-size=' 'schema=' 'driver=' 'qemu-version=' 'format=' 'jobs=' 'version' 'h/help'
        case 'to-xl'
            __numaschema_parse_subcommand 1 'o/output=' 'quiet' 'strict' 'warnings-as-errors' 'disable=+' 'max-size=' 'schema=' 'driver=' 'qemu-version=' 'version' 'h/help'
        case 'from-xl'
            __numaschema_parse_subcommand 1 'o/output=' 'quiet' 'strict' 'warnings-as-errors' 'disable=+' 'max-size=' 'schema=' 'driver=' 'qemu-version=' 'version' 'h/help'
        case 'to-qemu'
            __numaschema_parse_subcommand 1 'o/output=' 'quiet' 'strict' 'warnings-as-errors' 'disable=+' 'max-size=' 'schema=' 'driver=' 'qemu-version=' 'legacy-mem' 'hugetlbfs=+' 'memory-backing-dir=' 'domain-id=' 'no-driver-rules' 'version' 'h/help'
        case 'from-qemu'
            __numaschema_parse_subcommand 1 'o/output=' 'quiet' 'strict' 'warnings-as-errors' 'disable=+' 'max-size=' 'schema=' 'driver=' 'qemu-version=' 'version' 'h/help'
        case 'from-host'
            __numaschema_parse_subcommand 0 'host=' 'memory=' 'vcpus=' 'domain=' 'o/output=' 'quiet' 'strict' 'warnings-as-errors' 'disable=+' 'max-size=' 'schema=' 'driver=' 'qemu-version=' 'version' 'h/help'
        case 'fit'
            __numaschema_parse_subcommand -r 1 'host=' 'numatune' 'policy=' 'cpu-ratio=' 'dedicated' 'existing=+' 'write' 'quiet' 'strict' 'warnings-as-errors' 'disable=+' 'max-size=' 'schema=' 'driver=' 'qemu-version=' 'format=' 'version' 'h/help'
        case 'diff'
            __numaschema_parse_subcommand 2 'quiet' 'strict' 'warnings-as-errors' 'disable=+' 'max-size=' 'schema=' 'driver=' 'qemu-version=' 'format=' 'version' 'h/help'
        case 'conformance'
            __numaschema_parse_subcommand 1 'filter=' 'update' 'junit=' 'jobs=' 'format=' 'quiet' 'strict' 'warnings-as-errors' 'disable=+' 'max-size=' 'schema=' 'driver=' 'qemu-version=' 'version' 'h/help'
        case 'help'
            __numaschema_parse_subcommand -r 1 'version'
        end
    end
end

function __numaschema_tokens
    if test (string split -m 1 -f 1 -- . "$FISH_VERSION") -gt 3
        commandline --tokens-raw $argv
    else
        commandline -o $argv
    end
end

function __numaschema_parse_subcommand -S -a positional_count
    argparse -s r -- $argv
    set -l option_specs $argv[2..]
    set -l is_repeating_positional $_flag_r
    set -el _flag_r
    set -a commands $unparsed_tokens[1]
    set positional_index 0
    while true
        set -e unparsed_tokens[1]
        argparse -sn "$commands" $option_specs -- $unparsed_tokens 2> /dev/null
        set unparsed_tokens $argv
        set positional_index (math $positional_index + 1)
        for non_repeating_flag_or_option in $non_repeating_flags_or_options
            if set -ql "_flag_$(string replace -a - _ -- $non_repeating_flag_or_option)"
                set non_repeating_flags_or_options_absent 1
                break
            end
        end
        test (count $unparsed_tokens) -eq 0 -o \( -z "$is_repeating_positional" -a "$positional_index" -gt "$positional_count" \) && break
    end
end

function __numaschema_complete_directories
    set -l token (commandline -t)
    string match -- '*/' $token
    set -l subdirs $token*/
    printf %s\n $subdirs
end

function __numaschema_custom_completion
    set -x SAP_SHELL fish
    set -x SAP_SHELL_VERSION $FISH_VERSION
    set -l tokens (__numaschema_tokens -p)
    if test -z "$(__numaschema_tokens -t)"
        set -l index (count (__numaschema_tokens -pc))
        set tokens $tokens[..$index] \'\' $tokens[(math $index + 1)..]
    end
    command $tokens[1] $argv $tokens
end

complete -c 'numaschema' -f
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema" version' -l 'version' -d 'Show the version.'
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_positional "numaschema" -eq 1' -fa 'validate' -d 'Check guest domain XML against the grammar and libvirt\'s NUMA rules.'
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_positional "numaschema" -eq 1' -fa 'canonicalize' -d 'Put guests\' NUMA parts in one canonical form (docs/canonical-form.md).'
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_positional "numaschema" -eq 1' -fa 'show' -d 'Print the guest\'s NUMA topology as its numactl -H would show it.'
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_positional "numaschema" -eq 1' -fa 'to-xl' -d 'Write the guest as a Xen xl config: vnuma and the settings it depends on.'
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_positional "numaschema" -eq 1' -fa 'from-xl' -d 'Read a Xen xl config and write the guest as canonical domain XML.'
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_positional "numaschema" -eq 1' -fa 'to-qemu' -d 'Write the QEMU arguments for the guest\'s NUMA topology, one option per line.'
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_positional "numaschema" -eq 1' -fa 'from-qemu' -d 'Read a QEMU command line and write the guest as canonical domain XML.'
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_positional "numaschema" -eq 1' -fa 'from-host' -d 'Build a guest <cpu><numa> block (or, with --domain, a whole domain) that mirrors a host.'
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_positional "numaschema" -eq 1' -fa 'fit' -d 'Plan where guests go on a host before they boot, and what to paste to pin them there.'
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_positional "numaschema" -eq 1' -fa 'diff' -d 'Compare two guests\' NUMA topologies by meaning, not by text.'
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_positional "numaschema" -eq 1' -fa 'conformance' -d 'Run the golden-file conformance cases of a folder (docs/conformance.md).'
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_positional "numaschema" -eq 1' -fa 'help' -d 'Show subcommand help information.'
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_positional "numaschema validate" -ge 1' -F
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema validate"' -l 'connect' -d 'Also check the guests defined on this libvirt connection (repeatable).' -rfka ''
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema validate"' -l 'domain' -d 'With --connect: check only the guest of this name (repeatable).' -rfka ''
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema validate" quiet' -l 'quiet' -d 'Print findings only: no verdict lines, notes or summaries.'
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema validate" strict' -l 'strict' -d 'Make the input\'s own warnings errors (what libvirt accepts with a doubt).'
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema validate" warnings-as-errors' -l 'warnings-as-errors' -d 'Make every warning an error, the command\'s own included.'
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema validate"' -l 'disable' -d 'Do not report warnings with this code (repeatable; errors cannot be disabled).' -rfka ''
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema validate" max-size' -l 'max-size' -d 'Refuse inputs larger than this (default 256MiB).' -rfka ''
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema validate" schema' -l 'schema' -d 'Use the grammars of this folder instead of the built-in ones.' -rfa '(__numaschema_complete_directories)'
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema validate" driver' -l 'driver' -d 'Also apply the rules this libvirt driver adds when it defines or starts the guest (qemu or libxl).' -rfka 'qemu libxl'
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema validate" qemu-version' -l 'qemu-version' -d 'The QEMU the qemu driver\'s rules assume (default 7.2, Debian 12\'s; 4.2 or later).' -rfka ''
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema validate" format' -l 'format' -d 'Output format: text (findings on stderr), json (one document on stdout), github or sarif (one SARIF 2.1.0 log on stdout).' -rfka 'text json github sarif'
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema validate" jobs' -l 'jobs' -d 'How many files to check at once (default: the number of cores).' -rfka ''
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema validate" version' -l 'version' -d 'Show the version.'
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema validate" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_positional "numaschema canonicalize" -ge 1' -F
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema canonicalize" quiet' -l 'quiet' -d 'Print findings only: no verdict lines, notes or summaries.'
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema canonicalize" strict' -l 'strict' -d 'Make the input\'s own warnings errors (what libvirt accepts with a doubt).'
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema canonicalize" warnings-as-errors' -l 'warnings-as-errors' -d 'Make every warning an error, the command\'s own included.'
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema canonicalize"' -l 'disable' -d 'Do not report warnings with this code (repeatable; errors cannot be disabled).' -rfka ''
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema canonicalize" max-size' -l 'max-size' -d 'Refuse inputs larger than this (default 256MiB).' -rfka ''
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema canonicalize" schema' -l 'schema' -d 'Use the grammars of this folder instead of the built-in ones.' -rfa '(__numaschema_complete_directories)'
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema canonicalize" driver' -l 'driver' -d 'Also apply the rules this libvirt driver adds when it defines or starts the guest (qemu or libxl).' -rfka 'qemu libxl'
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema canonicalize" qemu-version' -l 'qemu-version' -d 'The QEMU the qemu driver\'s rules assume (default 7.2, Debian 12\'s; 4.2 or later).' -rfka ''
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema canonicalize" distances' -l 'distances' -d 'Distances: full (every sibling, completed), minimal (only what completion cannot infer) or asis (sorted only).' -rfka 'full minimal asis'
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema canonicalize" o output' -l 'output' -s 'o' -d 'Write the canonical form to this file.' -rF
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema canonicalize" in-place' -l 'in-place' -d 'Rewrite each file in place, atomically.'
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema canonicalize" check' -l 'check' -d 'Exit 1 and name every file that is not canonical; write nothing.'
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema canonicalize" diff' -l 'diff' -d 'With --check, print a unified diff from each file to its canonical form.'
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema canonicalize" format' -l 'format' -d 'With --check: text (one line per file that is not canonical), json, github or sarif (each such file a finding at its first differing line).' -rfka 'text json github sarif'
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema canonicalize" jobs' -l 'jobs' -d 'How many files to transform at once with --check or --in-place (default: the number of cores).' -rfka ''
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema canonicalize" version' -l 'version' -d 'Show the version.'
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema canonicalize" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_positional "numaschema show" -ge 1' -F
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema show" quiet' -l 'quiet' -d 'Print findings only: no verdict lines, notes or summaries.'
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema show" strict' -l 'strict' -d 'Make the input\'s own warnings errors (what libvirt accepts with a doubt).'
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema show" warnings-as-errors' -l 'warnings-as-errors' -d 'Make every warning an error, the command\'s own included.'
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema show"' -l 'disable' -d 'Do not report warnings with this code (repeatable; errors cannot be disabled).' -rfka ''
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema show" max-size' -l 'max-size' -d 'Refuse inputs larger than this (default 256MiB).' -rfka ''
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema show" schema' -l 'schema' -d 'Use the grammars of this folder instead of the built-in ones.' -rfa '(__numaschema_complete_directories)'
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema show" driver' -l 'driver' -d 'Also apply the rules this libvirt driver adds when it defines or starts the guest (qemu or libxl).' -rfka 'qemu libxl'
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema show" qemu-version' -l 'qemu-version' -d 'The QEMU the qemu driver\'s rules assume (default 7.2, Debian 12\'s; 4.2 or later).' -rfka ''
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema show" format' -l 'format' -d 'text (numactl -H), json, svg or dot.' -rfka 'text json svg dot'
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema show" jobs' -l 'jobs' -d 'How many guests to read at once (default: the number of cores).' -rfka ''
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema show" version' -l 'version' -d 'Show the version.'
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema show" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_positional "numaschema to-xl" -eq 1' -F
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema to-xl" o output' -l 'output' -s 'o' -d 'Write the output to this file (atomically).' -rF
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema to-xl" quiet' -l 'quiet' -d 'Print findings only: no verdict lines, notes or summaries.'
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema to-xl" strict' -l 'strict' -d 'Make the input\'s own warnings errors (what libvirt accepts with a doubt).'
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema to-xl" warnings-as-errors' -l 'warnings-as-errors' -d 'Make every warning an error, the command\'s own included.'
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema to-xl"' -l 'disable' -d 'Do not report warnings with this code (repeatable; errors cannot be disabled).' -rfka ''
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema to-xl" max-size' -l 'max-size' -d 'Refuse inputs larger than this (default 256MiB).' -rfka ''
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema to-xl" schema' -l 'schema' -d 'Use the grammars of this folder instead of the built-in ones.' -rfa '(__numaschema_complete_directories)'
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema to-xl" driver' -l 'driver' -d 'Also apply the rules this libvirt driver adds when it defines or starts the guest (qemu or libxl).' -rfka 'qemu libxl'
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema to-xl" qemu-version' -l 'qemu-version' -d 'The QEMU the qemu driver\'s rules assume (default 7.2, Debian 12\'s; 4.2 or later).' -rfka ''
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema to-xl" version' -l 'version' -d 'Show the version.'
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema to-xl" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_positional "numaschema from-xl" -eq 1' -F
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema from-xl" o output' -l 'output' -s 'o' -d 'Write the output to this file (atomically).' -rF
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema from-xl" quiet' -l 'quiet' -d 'Print findings only: no verdict lines, notes or summaries.'
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema from-xl" strict' -l 'strict' -d 'Make the input\'s own warnings errors (what libvirt accepts with a doubt).'
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema from-xl" warnings-as-errors' -l 'warnings-as-errors' -d 'Make every warning an error, the command\'s own included.'
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema from-xl"' -l 'disable' -d 'Do not report warnings with this code (repeatable; errors cannot be disabled).' -rfka ''
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema from-xl" max-size' -l 'max-size' -d 'Refuse inputs larger than this (default 256MiB).' -rfka ''
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema from-xl" schema' -l 'schema' -d 'Use the grammars of this folder instead of the built-in ones.' -rfa '(__numaschema_complete_directories)'
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema from-xl" driver' -l 'driver' -d 'Also apply the rules this libvirt driver adds when it defines or starts the guest (qemu or libxl).' -rfka 'qemu libxl'
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema from-xl" qemu-version' -l 'qemu-version' -d 'The QEMU the qemu driver\'s rules assume (default 7.2, Debian 12\'s; 4.2 or later).' -rfka ''
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema from-xl" version' -l 'version' -d 'Show the version.'
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema from-xl" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_positional "numaschema to-qemu" -eq 1' -F
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema to-qemu" o output' -l 'output' -s 'o' -d 'Write the output to this file (atomically).' -rF
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema to-qemu" quiet' -l 'quiet' -d 'Print findings only: no verdict lines, notes or summaries.'
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema to-qemu" strict' -l 'strict' -d 'Make the input\'s own warnings errors (what libvirt accepts with a doubt).'
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema to-qemu" warnings-as-errors' -l 'warnings-as-errors' -d 'Make every warning an error, the command\'s own included.'
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema to-qemu"' -l 'disable' -d 'Do not report warnings with this code (repeatable; errors cannot be disabled).' -rfka ''
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema to-qemu" max-size' -l 'max-size' -d 'Refuse inputs larger than this (default 256MiB).' -rfka ''
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema to-qemu" schema' -l 'schema' -d 'Use the grammars of this folder instead of the built-in ones.' -rfa '(__numaschema_complete_directories)'
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema to-qemu" driver' -l 'driver' -d 'Also apply the rules this libvirt driver adds when it defines or starts the guest (qemu or libxl).' -rfka 'qemu libxl'
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema to-qemu" qemu-version' -l 'qemu-version' -d 'The QEMU the qemu driver\'s rules assume (default 7.2, Debian 12\'s; 4.2 or later).' -rfka ''
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema to-qemu" legacy-mem' -l 'legacy-mem' -d 'Give node memory as mem=MiB where no cell needs a memory backend (machine types before QEMU 5.1).'
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema to-qemu"' -l 'hugetlbfs' -d 'A hugetlbfs mount: page size and path, as 2M=/dev/hugepages (repeat for each; default 2M=/dev/hugepages and 1G=/dev/hugepages1G).' -rfka ''
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema to-qemu" memory-backing-dir' -l 'memory-backing-dir' -d 'libvirt\'s memory_backing_dir, for file-backed memory.' -rfa '(__numaschema_complete_directories)'
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema to-qemu" domain-id' -l 'domain-id' -d 'The domain id in host paths (ID-NAME).' -rfka ''
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema to-qemu" no-driver-rules' -l 'no-driver-rules' -d 'Write the line even for a guest libvirt\'s QEMU driver or QEMU would refuse (to try it on QEMU).'
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema to-qemu" version' -l 'version' -d 'Show the version.'
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema to-qemu" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_positional "numaschema from-qemu" -eq 1' -F
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema from-qemu" o output' -l 'output' -s 'o' -d 'Write the output to this file (atomically).' -rF
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema from-qemu" quiet' -l 'quiet' -d 'Print findings only: no verdict lines, notes or summaries.'
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema from-qemu" strict' -l 'strict' -d 'Make the input\'s own warnings errors (what libvirt accepts with a doubt).'
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema from-qemu" warnings-as-errors' -l 'warnings-as-errors' -d 'Make every warning an error, the command\'s own included.'
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema from-qemu"' -l 'disable' -d 'Do not report warnings with this code (repeatable; errors cannot be disabled).' -rfka ''
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema from-qemu" max-size' -l 'max-size' -d 'Refuse inputs larger than this (default 256MiB).' -rfka ''
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema from-qemu" schema' -l 'schema' -d 'Use the grammars of this folder instead of the built-in ones.' -rfa '(__numaschema_complete_directories)'
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema from-qemu" driver' -l 'driver' -d 'Also apply the rules this libvirt driver adds when it defines or starts the guest (qemu or libxl).' -rfka 'qemu libxl'
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema from-qemu" qemu-version' -l 'qemu-version' -d 'The QEMU the qemu driver\'s rules assume (default 7.2, Debian 12\'s; 4.2 or later).' -rfka ''
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema from-qemu" version' -l 'version' -d 'Show the version.'
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema from-qemu" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema from-host" host' -l 'host' -d 'The host: a sysfs root folder, numactl -H output, capabilities XML, -, or a libvirt URI; default: the live sysfs.' -rF
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema from-host" memory' -l 'memory' -d 'The guest\'s memory in all, with a unit (12GiB, 4096MiB); default: the host\'s.' -rfka ''
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema from-host" vcpus' -l 'vcpus' -d 'The guest\'s vCPUs in all, at least one for each host node with CPUs; default: the host\'s CPU count.' -rfka ''
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema from-host" domain' -l 'domain' -d 'Write a minimal complete domain with this name.' -rfka ''
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema from-host" o output' -l 'output' -s 'o' -d 'Write the output to this file (atomically).' -rF
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema from-host" quiet' -l 'quiet' -d 'Print findings only: no verdict lines, notes or summaries.'
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema from-host" strict' -l 'strict' -d 'Make the input\'s own warnings errors (what libvirt accepts with a doubt).'
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema from-host" warnings-as-errors' -l 'warnings-as-errors' -d 'Make every warning an error, the command\'s own included.'
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema from-host"' -l 'disable' -d 'Do not report warnings with this code (repeatable; errors cannot be disabled).' -rfka ''
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema from-host" max-size' -l 'max-size' -d 'Refuse inputs larger than this (default 256MiB).' -rfka ''
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema from-host" schema' -l 'schema' -d 'Use the grammars of this folder instead of the built-in ones.' -rfa '(__numaschema_complete_directories)'
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema from-host" driver' -l 'driver' -d 'Also apply the rules this libvirt driver adds when it defines or starts the guest (qemu or libxl).' -rfka 'qemu libxl'
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema from-host" qemu-version' -l 'qemu-version' -d 'The QEMU the qemu driver\'s rules assume (default 7.2, Debian 12\'s; 4.2 or later).' -rfka ''
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema from-host" version' -l 'version' -d 'Show the version.'
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema from-host" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_positional "numaschema fit" -ge 1' -F
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema fit" host' -l 'host' -d 'The host: a sysfs root folder, numactl -H output, capabilities XML or a libvirt URI (qemu:///system).' -rF
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema fit" numatune' -l 'numatune' -d 'With --policy libxl: also print a <numatune> that binds each cell to its host node.'
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema fit" policy' -l 'policy' -d 'best (the best placement, the default) or libxl (cell i on the host\'s i-th node, checked).' -rfka 'best libxl'
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema fit" cpu-ratio' -l 'cpu-ratio' -d 'vCPUs allowed per host CPU (default 1: no overcommit).' -rfka ''
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema fit" dedicated' -l 'dedicated' -d 'Pin each vCPU to a host CPU of its own, never shared between the guests of one run.'
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema fit"' -l 'existing' -d 'Guests already on the host, counted where their own <numatune> binds them.' -rF
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema fit" write' -l 'write' -d 'Write each plan into its guest file (atomically), instead of printing the elements.'
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema fit" quiet' -l 'quiet' -d 'Print findings only: no verdict lines, notes or summaries.'
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema fit" strict' -l 'strict' -d 'Make the input\'s own warnings errors (what libvirt accepts with a doubt).'
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema fit" warnings-as-errors' -l 'warnings-as-errors' -d 'Make every warning an error, the command\'s own included.'
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema fit"' -l 'disable' -d 'Do not report warnings with this code (repeatable; errors cannot be disabled).' -rfka ''
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema fit" max-size' -l 'max-size' -d 'Refuse inputs larger than this (default 256MiB).' -rfka ''
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema fit" schema' -l 'schema' -d 'Use the grammars of this folder instead of the built-in ones.' -rfa '(__numaschema_complete_directories)'
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema fit" driver' -l 'driver' -d 'Also apply the rules this libvirt driver adds when it defines or starts the guest (qemu or libxl).' -rfka 'qemu libxl'
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema fit" qemu-version' -l 'qemu-version' -d 'The QEMU the qemu driver\'s rules assume (default 7.2, Debian 12\'s; 4.2 or later).' -rfka ''
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema fit" format' -l 'format' -d 'text (mapping, findings, verdict), json, github or sarif (the findings as one SARIF 2.1.0 log).' -rfka 'text json github sarif'
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema fit" version' -l 'version' -d 'Show the version.'
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema fit" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_positional "numaschema diff" -eq 1' -F
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_positional "numaschema diff" -eq 2' -F
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema diff" quiet' -l 'quiet' -d 'Print findings only: no verdict lines, notes or summaries.'
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema diff" strict' -l 'strict' -d 'Make the input\'s own warnings errors (what libvirt accepts with a doubt).'
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema diff" warnings-as-errors' -l 'warnings-as-errors' -d 'Make every warning an error, the command\'s own included.'
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema diff"' -l 'disable' -d 'Do not report warnings with this code (repeatable; errors cannot be disabled).' -rfka ''
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema diff" max-size' -l 'max-size' -d 'Refuse inputs larger than this (default 256MiB).' -rfka ''
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema diff" schema' -l 'schema' -d 'Use the grammars of this folder instead of the built-in ones.' -rfa '(__numaschema_complete_directories)'
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema diff" driver' -l 'driver' -d 'Also apply the rules this libvirt driver adds when it defines or starts the guest (qemu or libxl).' -rfka 'qemu libxl'
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema diff" qemu-version' -l 'qemu-version' -d 'The QEMU the qemu driver\'s rules assume (default 7.2, Debian 12\'s; 4.2 or later).' -rfka ''
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema diff" format' -l 'format' -d 'text (one change a line), json, github (findings as workflow commands, changes as text) or sarif (findings in a SARIF log, changes on stderr).' -rfka 'text json github sarif'
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema diff" version' -l 'version' -d 'Show the version.'
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema diff" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_positional "numaschema conformance" -eq 1' -fa '(__numaschema_complete_directories)'
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema conformance" filter' -l 'filter' -d 'Run only the cases whose path contains this text.' -rfka ''
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema conformance" update' -l 'update' -d 'Rewrite the golden files from the actual output (bless), and list what changed.'
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema conformance" junit' -l 'junit' -d 'Also write a JUnit XML report to FILE.' -rF
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema conformance" jobs' -l 'jobs' -d 'How many cases to run at once (default: the number of cores).' -rfka ''
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema conformance" format' -l 'format' -d 'text (FAIL blocks and a summary line) or json.' -rfka 'text json'
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema conformance" quiet' -l 'quiet' -d 'Print findings only: no verdict lines, notes or summaries.'
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema conformance" strict' -l 'strict' -d 'Make the input\'s own warnings errors (what libvirt accepts with a doubt).'
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema conformance" warnings-as-errors' -l 'warnings-as-errors' -d 'Make every warning an error, the command\'s own included.'
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema conformance"' -l 'disable' -d 'Do not report warnings with this code (repeatable; errors cannot be disabled).' -rfka ''
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema conformance" max-size' -l 'max-size' -d 'Refuse inputs larger than this (default 256MiB).' -rfka ''
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema conformance" schema' -l 'schema' -d 'Use the grammars of this folder instead of the built-in ones.' -rfa '(__numaschema_complete_directories)'
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema conformance" driver' -l 'driver' -d 'Also apply the rules this libvirt driver adds when it defines or starts the guest (qemu or libxl).' -rfka 'qemu libxl'
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema conformance" qemu-version' -l 'qemu-version' -d 'The QEMU the qemu driver\'s rules assume (default 7.2, Debian 12\'s; 4.2 or later).' -rfka ''
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema conformance" version' -l 'version' -d 'Show the version.'
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema conformance" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'numaschema' -n '__numaschema_should_offer_completions_for_flags_or_options "numaschema help" version' -l 'version' -d 'Show the version.'
