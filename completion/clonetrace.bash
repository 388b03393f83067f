# SPDX-License-Identifier: MIT
# bash completion for clonetrace(1)                       -*- shell-script -*-
#
# The subcommands come from `clonetrace --help` and each one's options from
# `clonetrace SUB --help` (its usage lines and its option table), so a new
# subcommand or option completes without a change here.  An option's
# argument completes, first match wins, to:
#   1. _clonetrace_values["SUB OPTION"] below (SUB "*": any): words, or @pids, @files, @dirs,
#      @json (trace files), @filter (an -e filter), @none;
#   2. the alternatives its usage line gives ("--view tree|sharing|namespaces",
#      after "=" also "--timestamps[=time|us|rel]");
#   3. its metavariable's entry in _clonetrace_metavars (FILE, PID, ...);
#   4. nothing.
# A subcommand whose usage has COMMAND completes a command line after its
# options (record); the others complete trace files (*.json).

declare -gA _clonetrace_values=(
	["render --ns"]="cgroup ipc mnt net pid time user uts"
	["* -e"]=@filter ["* --filter"]=@filter
)
# -e's keys (clonetrace(1) FILTERS): KEY= and the values of those that have a
# fixed set; the words that stand alone
declare -gA _clonetrace_filter_keys=(
	[syscall]="clone clone3 fork vfork unshare setns execve"
	[trace]="clone clone3 fork vfork unshare setns execve"
	[status]="failed successful ok unfinished"
	[ns]="cgroup ipc mnt net pid time user uts any"
	[comm]= [exe]= [pid]= [tree]= [time]= [container]= [in]=
)
_clonetrace_filter_words="failed newns"
declare -gA _clonetrace_metavars=(
	[FILE]=@files [PID]=@pids [DIR]=@dirs [TRACE]=@json [TRACE.json]=@json
)
# "clonetrace\x1fSUB" -> help text, read once per shell
declare -gA _clonetrace_help_cache=()

# _clonetrace_help CLONETRACE [SUB]: prints `CLONETRACE [SUB] --help`, cached.
_clonetrace_help()
{
	local key="$1"$'\x1f'"${2-}"
	if [[ ! -v _clonetrace_help_cache[$key] ]]; then
		_clonetrace_help_cache[$key]=$(LC_ALL=C "$1" ${2:+"$2"} --help 2>/dev/null)
	fi
	printf '%s\n' "${_clonetrace_help_cache[$key]}"
}

# _clonetrace_subcommands CLONETRACE: the words after "clonetrace" in its usage.
_clonetrace_subcommands()
{
	local line re='^[[:space:]]*(usage:)?[[:space:]]*clonetrace[[:space:]]+([a-z][a-z0-9-]*)'
	while IFS= read -r line; do
		[[ $line =~ $re ]] && printf '%s\n' "${BASH_REMATCH[2]}"
	done < <(_clonetrace_help "$1") | sort -u
}

# _clonetrace_metavar WORD: succeeds when WORD names an option's argument
# ("FILE", "PID...", "tree|sharing]"), and sets m to it, cleaned.
_clonetrace_metavar()
{
	[[ $1 =~ ^([A-Z][A-Z0-9_.]*|[[:alnum:]_.-]+(\|[[:alnum:]_.-]+)+)\]?$ ]] || return
	m=${BASH_REMATCH[1]%...}
}

# _clonetrace_parse CLONETRACE SUB: fills the caller's opts (every option),
# args (option -> what its separate argument is: a metavariable or "a|b|c")
# and optargs (an option's optional "[=a|b|c]": completed after "=" only).
_clonetrace_parse()
{
	local line o m i k best
	local -a w names aliases=()
	while IFS= read -r line; do
		read -ra w <<<"$line"
		if [[ $line =~ ^[[:space:]]+--?[[:alpha:]] ]]; then
			# an option table line: "  -o, --output FILE   text"
			names=()
			for ((i = 0; i < ${#w[@]}; i++)); do
				o=${w[i]%,}
				[[ $o =~ ^--?[[:alpha:]] ]] || break
				names+=("${o%%[[=]*}")
				opts[${o%%[[=]*}]=1
			done
			if [[ ${w[i - 1]} != *[[=]* ]] && _clonetrace_metavar "${w[i]-}"; then
				for o in "${names[@]}"; do
					[[ -n ${args[$o]-} ]] || args[$o]=$m
				done
			fi
			aliases+=("${names[*]}")
			continue
		fi
		# a usage line: "[-o FILE]", "[--view tree|sharing]", "[-dv]", "[--stack[=N]]"
		for ((i = 0; i < ${#w[@]}; i++)); do
			o=${w[i]#[}
			o=${o%%[]=[|]*}
			if [[ $o =~ ^-[[:alpha:]]{2,}$ ]]; then
				for ((k = 1; k < ${#o}; k++)); do opts[-${o:k:1}]=1; done
			elif [[ $o =~ ^--?[[:alpha:]][[:alnum:]-]*$ ]]; then
				opts[$o]=1
				[[ ${w[i]} != *[]=] && -z ${args[$o]-} ]] && _clonetrace_metavar "${w[i + 1]-}" &&
					args[$o]=$m
				m=${w[i]#*\[=}
				[[ ${w[i]} == *"[="*\|* ]] && _clonetrace_metavar "${m%%]*}" && optargs[$o]=$m
			fi
		done
	done < <(_clonetrace_help "$1" "$2")
	# aliases ("-T, --format F") share the most telling argument: a list of
	# alternatives, else a metavariable this file knows, else the first
	for line in "${aliases[@]}"; do
		best=
		for o in $line; do
			m=${args[$o]-}
			[[ -z $m ]] && continue
			if [[ $m == *\|* ]]; then
				best=$m
				break
			fi
			[[ -z $best || ( -n ${_clonetrace_metavars[$m]-} && -z ${_clonetrace_metavars[$best]-} ) ]] &&
				best=$m
		done
		[[ -n $best ]] || continue
		for o in $line; do args[$o]=$best; done
	done
}

# _clonetrace_pids: the processes /proc lists (what `ps ax` does), read
# there: bash-completion's _pids runs ps, which a container's minimal root
# (debootstrap minbase, no procps) doesn't have.
_clonetrace_pids()
{
	local p
	local -a pids=()
	for p in /proc/[0-9]*; do
		[[ -d $p ]] && pids+=("${p#/proc/}")
	done
	mapfile -t COMPREPLY < <(compgen -W "${pids[*]}" -- "$cur")
}

# _clonetrace_complete_as WHAT: fills COMPREPLY for @files, @pids, words...
_clonetrace_complete_as()
{
	case $1 in
	@none) COMPREPLY=() ;;
	@pids) _clonetrace_pids ;;
	@files) _filedir ;;
	@dirs) _filedir -d ;;
	@filter) _clonetrace_filter ;;
	@json)
		_filedir json
		[[ $cur == - || -z $cur ]] && COMPREPLY+=(-)
		;;
	*) COMPREPLY=($(compgen -W "${1//|/ }" -- "$cur")) ;;
	esac
}

# _clonetrace_filter: an -e filter's term at the cursor: KEY= or a word, or
# after KEY= (readline's word starts after "=") the key's values, after
# commas too.
_clonetrace_filter()
{
	local key v done
	if [[ $cur == *=* ]]; then
		key=${cur%%=*} key=${key%!}
		v=${cur#*=}
		done=
		[[ $v == *,* ]] && done=${v%,*},
		COMPREPLY=($(compgen -P "$done" -W "${_clonetrace_filter_keys[$key]-}" -- "${v##*,}"))
		return
	fi
	local -a keys=("${!_clonetrace_filter_keys[@]}")
	COMPREPLY=($(compgen -W "${keys[*]/%/=} $_clonetrace_filter_words" -- "$cur"))
	[[ ${#COMPREPLY[@]} -eq 1 && ${COMPREPLY[0]} == *= ]] && compopt -o nospace 2>/dev/null
}

_clonetrace()
{
	local cur prev words cword split
	_init_completion -s || return

	local ct=${words[0]} sub= i
	for ((i = 1; i < cword; i++)); do
		if [[ ${words[i]} != -* ]]; then
			sub=${words[i]}
			break
		fi
	done
	if [[ -z $sub ]]; then
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W '--help --version' -- "$cur"))
		else
			COMPREPLY=($(compgen -W "$(_clonetrace_subcommands "$ct")" -- "$cur"))
		fi
		return
	fi

	local -A opts=() args=() optargs=()
	_clonetrace_parse "$ct" "$sub"
	# a subcommand that runs a command line: its arguments complete as one
	local runs=
	[[ $(_clonetrace_help "$ct" "$sub") == *"COMMAND [ARG"* ]] && runs=1

	# where the options end: "--", or the first word that is no option's argument
	local j=$((i + 1)) first=
	while ((j < cword)); do
		case ${words[j]} in
		--) first=$((j + 1)); break ;;
		--*=*) ;;
		-*) [[ -n ${args[${words[j]}]-} ]] && ((j++)) ;;
		*) first=$j; break ;;
		esac
		((j++))
	done
	if [[ -n $first && -n $runs ]]; then
		_command_offset "$first"
		return
	fi

	if $split || [[ -z $first && $prev == -* && -n ${args[$prev]-} ]]; then
		local arg=${args[$prev]-}
		$split && [[ -z $arg ]] && arg=${optargs[$prev]-}
		if [[ -z $arg ]]; then
			COMPREPLY=()
		elif [[ -v _clonetrace_values["$sub $prev"] ]]; then
			_clonetrace_complete_as "${_clonetrace_values["$sub $prev"]}"
		elif [[ -v _clonetrace_values["* $prev"] ]]; then
			_clonetrace_complete_as "${_clonetrace_values["* $prev"]}"
		elif [[ $arg == *\|* ]]; then
			_clonetrace_complete_as "$arg"
		else
			_clonetrace_complete_as "${_clonetrace_metavars[$arg]-@none}"
		fi
		return
	fi

	if [[ $cur == -* && -z $first ]]; then
		COMPREPLY=($(compgen -W "${!opts[*]}" -- "$cur"))
		[[ -n $runs ]] && COMPREPLY+=($(compgen -W '--' -- "$cur"))
		return
	fi
	if [[ -n $runs ]]; then
		[[ -z $first ]] && _command_offset "$cword"
		return
	fi
	_clonetrace_complete_as @json
} &&
	complete -F _clonetrace clonetrace

# ex: filetype=sh
