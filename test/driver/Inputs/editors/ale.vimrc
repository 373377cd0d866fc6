" The Vim ALE set-up of docs/usage.md (@CLANG_TIDY@ and @PLUGIN@ are filled
" in by the test), then a harness: on ALELintPost, write ALE's results and
" the commands it ran to @OUT@/ale-*.txt and quit.
set nocompatible
set runtimepath^=/usr/share/vim-ale
filetype plugin on
let g:ale_linters = {'c': ['clangtidy'], 'cpp': ['clangtidy']}
let g:ale_c_clangtidy_executable = '@CLANG_TIDY@'
let g:ale_c_clangtidy_checks = ['-*', 'freethreading-*']
let g:ale_c_clangtidy_extra_options = '--load=@PLUGIN@'

function! s:Done() abort
  try
    call writefile(map(copy(ale#engine#GetLoclist(bufnr(''))), {_, v -> v.lnum . ':' . v.col . ': ' . v.type . ': ' . v.text}), '@OUT@/ale-loclist.txt')
    call writefile(map(filter(ale#history#Get(bufnr('')), 'has_key(v:val, "exit_code")'), {_, v -> string(v.command) . ' => ' . v.exit_code}), '@OUT@/ale-command.txt')
  finally
    qa!
  endtry
endfunction
autocmd User ALELintPost call s:Done()
call timer_start(60000, {-> execute('qa!')})
