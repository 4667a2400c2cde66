package rag

import (
	"reportbot/rag/question"
)

// Both answerers answer in the same steps: the question is cleaned
// (CleanQuestion), made standalone from the conversation (Standalone, or a
// model's rewrite), read (package question), answered at once when it asks
// about the reports themselves (aboutAnswer), else retrieved (find) and
// answered, each answerer its own way. begin is the common part.

// asked is a question made ready to answer.
type asked struct {
	answer Answer // the answer begun: question, interpretation, mode
	text   string // the standalone question
	read   question.Question
}

// begin cleans a question, makes it standalone with rewrite (which gets the
// cleaned question and the history, and returns it unchanged when it does
// not lean on the conversation) and reads it. It returns a *QuestionError
// for a question that cannot be asked, and the whole answer, with done,
// when the question asks about the reports themselves.
func (x *Index) begin(req Request, maxChars int, mode string, rewrite func(q string, history []Turn) string) (a asked, done bool, err error) {
	q, err := CleanQuestion(req.Question, maxChars)
	if err != nil {
		return asked{}, false, err
	}
	a.answer = Answer{Question: q, Mode: mode, Citations: []Citation{}}
	a.text = q
	if len(req.History) > 0 {
		if s := rewrite(q, req.History); s != q {
			a.answer.Interpreted, a.text = s, s
		}
	}
	a.read = x.analyze(a.text)
	kind, only := a.read.About, []int(nil)
	if rs := x.reportsNamed(a.read.Named, a.read.AboutNamed == question.Subject); len(rs) > 0 {
		kind, only = a.read.AboutNamed, rs
	}
	if about, ok := x.aboutAnswer(a.text, kind, only); ok {
		if only != nil && !about.Answered {
			// A report named for its subject ("Who wrote the Declaration
			// of Independence?" of a report so titled) that does not say
			// of itself may say of its subject: the question is searched.
			return a, false, nil
		}
		about.Question, about.Interpreted = a.answer.Question, a.answer.Interpreted
		a.answer = about
		return a, true, nil
	}
	return a, false, nil
}
