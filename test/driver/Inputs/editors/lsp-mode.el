;; Emacs lsp-mode with clangd and ft-tidy lsp (an add-on client) on one
;; buffer, as docs/usage.md sets them up (emacs --batch -l THIS in a copy of
;; Inputs/lsp holding compile_flags.txt and a .git): the servers connected,
;; the diagnostics flymake shows (1-based line, column in characters), then
;; the code actions at the return, the first applied and the file saved.
;; @FT_TIDY@, @PLUGIN@, @CLANG_TIDY@ and @CLANGD@ are put in by the test.
(require 'package)
(package-initialize)
(require 'lsp-mode)
(require 'lsp-clangd nil t)
(setq lsp-auto-guess-root t lsp-enable-snippet nil lsp-diagnostics-provider :flymake
      lsp-restart 'ignore lsp-clients-clangd-executable "@CLANGD@"
      lsp-session-file (expand-file-name ".lsp-session") lsp-enable-file-watchers nil
      lsp-headerline-breadcrumb-enable nil lsp-modeline-code-actions-enable nil)
(lsp-register-client
 (make-lsp-client :new-connection (lsp-stdio-connection
                                   '("@FT_TIDY@" "lsp" "--plugin" "@PLUGIN@" "--clang-tidy" "@CLANG_TIDY@"))
                  :major-modes '(c-mode c++-mode)
                  :add-on? t
                  :server-id 'ft-tidy))
(find-file "module.c")
(c-mode)
(setq-local flymake-diagnostic-functions nil)  ; only lsp-mode's backend
(lsp)
(let ((deadline (+ (float-time) 90)))
  (while (and (< (float-time) deadline) (< (length (flymake-diagnostics)) 2))
    (accept-process-output nil 0.2)
    (ignore-errors (flymake-start))))
(let* ((servers (sort (mapcar (lambda (w) (symbol-name (lsp--client-server-id (lsp--workspace-client w))))
                              (lsp-workspaces))
                      #'string<))
       (diags (sort (flymake-diagnostics)
                    (lambda (a b) (< (flymake-diagnostic-beg a) (flymake-diagnostic-beg b)))))
       (lines (mapcar (lambda (d)
                        (save-excursion
                          (goto-char (flymake-diagnostic-beg d))
                          (format "%d:%d %s\n" (line-number-at-pos) (current-column)
                                  (flymake-diagnostic-text d))))
                      diags)))
  (with-temp-file "trial.out"
    (insert (format "servers: %s\n" (mapconcat #'identity servers " ")))
    (dolist (l lines) (insert l)))
  (when diags
    (goto-char (flymake-diagnostic-beg (car diags)))
    (let ((actions (lsp-code-actions-at-point)))
      (with-temp-buffer
        (dolist (a actions) (insert (format "action: %s\n" (lsp:code-action-title a))))
        (append-to-file (point-min) (point-max) "trial.out"))
      (when actions
        (lsp-execute-code-action (car actions))
        (save-buffer)))))
(kill-emacs 0)
