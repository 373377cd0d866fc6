;; Emacs lsp-mode with clangd and ft-tidy lsp (an add-on client) on one
;; buffer, as docs/usage.md sets them up (emacs --batch -l THIS in a copy of
;; Inputs/lsp holding compile_flags.txt and a .git): the servers connected,
;; the diagnostics lsp-mode holds for the file (1-based line, UTF-16 column),
;; then the code actions at the first, the first action applied and the
;; file saved.
;; @FT_TIDY@, @PLUGIN@, @CLANG_TIDY@ and @CLANGD@ are put in by the test.
(require 'package)
(package-initialize)
(require 'lsp-mode)
(require 'lsp-clangd nil t)
;; lsp-mode's own store of the diagnostics is read (lsp-diagnostics), not
;; flymake's: which of its backends flymake runs depends on timing.
(setq lsp-auto-guess-root t lsp-enable-snippet nil lsp-diagnostics-provider :none
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
(lsp)
(defun trial-diagnostics ()
  (append (gethash (lsp--fix-path-casing (buffer-file-name)) (lsp-diagnostics)) nil))
(let ((deadline (+ (float-time) 90)))
  (while (and (< (float-time) deadline) (< (length (trial-diagnostics)) 2))
    (accept-process-output nil 0.2)))
(defun trial-start (d)
  (let ((start (lsp:range-start (lsp:diagnostic-range d))))
    (cons (lsp:position-line start) (lsp:position-character start))))
(let* ((servers (sort (mapcar (lambda (w) (symbol-name (lsp--client-server-id (lsp--workspace-client w))))
                              (lsp-workspaces))
                      #'string<))
       (diags (sort (trial-diagnostics)
                    (lambda (a b) (< (car (trial-start a)) (car (trial-start b)))))))
  (with-temp-file "trial.out"
    (insert (format "servers: %s\n" (mapconcat #'identity servers " ")))
    (dolist (d diags)
      (insert (format "%d:%d %s\n" (1+ (car (trial-start d))) (cdr (trial-start d))
                      (lsp:diagnostic-message d)))))
  (when diags
    ;; Point at the first finding (line and UTF-16 column are those of
    ;; characters on this line: two-byte characters are one unit each).
    (goto-char (point-min))
    (forward-line (car (trial-start (car diags))))
    (forward-char (cdr (trial-start (car diags))))
    (let ((actions (lsp-code-actions-at-point)))
      (with-temp-buffer
        (dolist (a actions) (insert (format "action: %s\n" (lsp:code-action-title a))))
        (append-to-file (point-min) (point-max) "trial.out"))
      (when actions
        (lsp-execute-code-action (car actions))
        (save-buffer)))))
(kill-emacs 0)
