package rank

import (
	"fmt"
	"testing"
)

func TestDebugAliases(t *testing.T) {
	v := NewVocab()
	v.Passage([]string{"South Korea (officially the Republic of Korea, or ROK) is one of the United States’ most important partners.", "Another focus is an agreement to transfer wartime operational control (OPCON) to a binational command."})
	v.Done()
	for _, g := range v.aliasGroups {
		for _, p := range g {
			for _, id := range p {
				fmt.Print(v.terms[id], " ")
			}
			fmt.Print("| ")
		}
		fmt.Println()
	}
}
