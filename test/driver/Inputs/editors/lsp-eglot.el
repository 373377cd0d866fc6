;; Emacs with eglot running ft-tidy lsp as docs/usage.md sets it up (emacs
;; --batch -l THIS in a copy of Inputs/lsp): the diagnostics flymake shows
;; for module.c (1-based line, column in characters), then the code action
;; at the first one, applied, and the file saved. @FT_TIDY@, @PLUGIN@ and
;; @CLANG_TIDY@ are put in by the test. Batch mode has no command loop, so
;; the connection is made with eglot--connect (what eglot-ensure calls
;; from a hook) and the code action is asked for and applied directly.
(require 'package)
(package-initialize)
(require 'eglot)
(add-to-list 'eglot-server-programs
             '(c-mode . ("@FT_TIDY@" "lsp" "--plugin" "@PLUGIN@" "--clang-tidy" "@CLANG_TIDY@")))
(find-file "module.c")
(c-mode)
(apply (function eglot--connect) (eglot--guess-contact))
(let ((deadline (+ (float-time) 60)))
  (while (and (< (float-time) deadline) (null (flymake-diagnostics)))
    (flymake-start)
    (accept-process-output nil 0.2)))
(let* ((diags (sort (flymake-diagnostics)
                    (lambda (a b) (< (flymake-diagnostic-beg a) (flymake-diagnostic-beg b)))))
       (lines (mapcar (lambda (d)
                        (save-excursion
                          (goto-char (flymake-diagnostic-beg d))
                          (format "%d:%d %s\n" (line-number-at-pos) (current-column)
                                  (flymake-diagnostic-text d))))
                      diags)))
  (with-temp-file "trial.out" (apply (function insert) lines))
  (when diags
    (goto-char (flymake-diagnostic-beg (car diags)))
    (let ((actions (jsonrpc-request (eglot-current-server) :textDocument/codeAction
                                    (list :textDocument (eglot--TextDocumentIdentifier)
                                          :range (list :start (eglot--pos-to-lsp-position (point))
                                                       :end (eglot--pos-to-lsp-position (point)))
                                          :context (list :diagnostics [])))))
      (with-temp-buffer
        (dotimes (i (length actions))
          (insert (format "action: %s\n" (plist-get (aref actions i) :title))))
        (append-to-file (point-min) (point-max) "trial.out"))
      (eglot--apply-workspace-edit (plist-get (aref actions 0) :edit))
      (save-buffer))))
(kill-emacs 0)
